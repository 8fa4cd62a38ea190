// Package fetchdata, wrong: WaitingForResponse keeps the url, in a map,
// although httpGet owns it now and nothing reads it again.
package fetchdata

import "github.com/futurelings/futurelings/core"

type state interface{ stateName() string }

type Start struct{ Host, Path string }
type WaitingForUrl struct{ BuildURL *BuildURLFuture }
type WaitingForResponse struct {
	HTTPGet *HTTPGetFuture
	Seen    map[string]bool
}
type Done struct{}

func (Start) stateName() string              { return "Start" }
func (WaitingForUrl) stateName() string      { return "WaitingForUrl" }
func (WaitingForResponse) stateName() string { return "WaitingForResponse" }
func (Done) stateName() string               { return "Done" }

type FetchData struct{ state state }

func NewFetchData(host, path string) *FetchData {
	return &FetchData{state: Start{Host: host, Path: path}}
}

func (f *FetchData) String() string {
	if f.state == nil {
		return "no state"
	}
	return f.state.stateName()
}

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	for {
		switch s := f.state.(type) {
		case Start:
			f.state = WaitingForUrl{BuildURL: buildURL(s.Host, s.Path)}
		case WaitingForUrl:
			url, ok := s.BuildURL.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.state = WaitingForResponse{HTTPGet: httpGet(url), Seen: map[string]bool{url: true}}
		case WaitingForResponse:
			resp, ok := s.HTTPGet.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.state = Done{}
			return core.Ready(resp.Body)
		default:
			panic("fetchdata: FetchData polled after completion")
		}
	}
}
