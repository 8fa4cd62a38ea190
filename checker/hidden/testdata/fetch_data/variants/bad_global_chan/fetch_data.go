// Package fetchdata, wrong: The host and path are kept in a package-level
// table, sent down a package-level channel, instead of kept in Start.
package fetchdata

import "github.com/futurelings/futurelings/core"

type state interface{ stateName() string }

type Start struct{}
type WaitingForUrl struct{ BuildURL *BuildURLFuture }
type WaitingForResponse struct{ HTTPGet *HTTPGetFuture }
type Done struct{}

func (Start) stateName() string              { return "Start" }
func (WaitingForUrl) stateName() string      { return "WaitingForUrl" }
func (WaitingForResponse) stateName() string { return "WaitingForResponse" }
func (Done) stateName() string               { return "Done" }

type page struct{ host, path string }

var side = make(chan page, 1024)

type FetchData struct{ state state }

func NewFetchData(host, path string) *FetchData {
	f := &FetchData{state: Start{}}
	side <- page{host, path}
	return f
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
			pg := <-side
			f.state = WaitingForUrl{BuildURL: buildURL(pg.host, pg.path)}
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
