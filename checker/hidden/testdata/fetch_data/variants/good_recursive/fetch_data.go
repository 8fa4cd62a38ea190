// Package fetchdata: FetchData with pointer states, and a Poll that calls
// itself after each transition instead of looping.
package fetchdata

import "github.com/futurelings/futurelings/core"

type state interface{ stateName() string }

type Start struct{ Host, Path string }
type WaitingForUrl struct{ BuildURL *BuildURLFuture }
type WaitingForResponse struct{ HTTPGet *HTTPGetFuture }
type Done struct{}

func (*Start) stateName() string              { return "Start" }
func (*WaitingForUrl) stateName() string      { return "WaitingForUrl" }
func (*WaitingForResponse) stateName() string { return "WaitingForResponse" }
func (*Done) stateName() string               { return "Done" }

type FetchData struct{ state state }

func NewFetchData(host, path string) *FetchData {
	return &FetchData{state: &Start{Host: host, Path: path}}
}

func (f *FetchData) String() string { return f.state.stateName() }

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	switch s := f.state.(type) {
	case *Start:
		f.state = &WaitingForUrl{BuildURL: buildURL(s.Host, s.Path)}
		return f.Poll(cx)
	case *WaitingForUrl:
		if url, ok := s.BuildURL.Poll(cx).Value(); ok {
			f.state = &WaitingForResponse{HTTPGet: httpGet(url)}
			return f.Poll(cx)
		}
		return core.Pending[string]()
	case *WaitingForResponse:
		if resp, ok := s.HTTPGet.Poll(cx).Value(); ok {
			f.state = &Done{}
			return core.Ready(resp.Body)
		}
		return core.Pending[string]()
	}
	panic("fetch_data polled after completion")
}
