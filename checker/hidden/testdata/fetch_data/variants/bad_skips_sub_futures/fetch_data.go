// Wrong: steps through the state names on its own wakes and computes the
// body itself; buildURL's and httpGet's futures are never created or polled.
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
	URL string
}

// WaitingForResponse waits for the page to arrive.
type WaitingForResponse struct {
	URL string
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

// Poll moves one state per poll, waking itself.
func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	switch s := f.state.(type) {
	case Start:
		f.state = WaitingForUrl{URL: "https://" + s.Host + "/" + s.Path}
	case WaitingForUrl:
		f.state = WaitingForResponse{URL: s.URL}
	case WaitingForResponse:
		f.state = Done{}
		return core.Ready("contents of " + s.URL)
	default:
		panic("fetchdata: FetchData polled after completion")
	}
	cx.Waker().Wake()
	return core.Pending[string]()
}
