// Package fetchdata, wrong: It keeps the cx of its first poll and polls the
// sub-futures with that one ever after, not with the cx each poll is given.
package fetchdata

import "github.com/futurelings/futurelings/core"

type state interface{ stateName() string }

type Start struct{ Host, Path string }
type WaitingForUrl struct{ BuildURL *BuildURLFuture }
type WaitingForResponse struct {
	HTTPGet *HTTPGetFuture
}
type Done struct{}

func (Start) stateName() string              { return "Start" }
func (WaitingForUrl) stateName() string      { return "WaitingForUrl" }
func (WaitingForResponse) stateName() string { return "WaitingForResponse" }
func (Done) stateName() string               { return "Done" }

type FetchData struct {
	state state
	cx    *core.Context
}

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
	if f.cx == nil {
		f.cx = cx
	}
	cx = f.cx
	for {
		switch s := f.state.(type) {
		case Start:
			f.state = WaitingForUrl{BuildURL: buildURL(s.Host, s.Path)}
		case WaitingForUrl:
			url, ok := s.BuildURL.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.state = WaitingForResponse{HTTPGet: httpGet(url)}
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
