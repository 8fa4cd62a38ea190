// Wrong: returns Pending after starting httpGet without polling it, so
// nothing wakes the waker.
//
// Package fetchdata is the lesson's worked example: the state machine behind
//
//	async fn fetch_data() -> String {
//	    let url = build_url().await;
//	    let response = http_get(url).await;
//	    response.body
//	}
//
// written in Go, by hand, as the lesson draws it: the ideal of what Rust's
// compiler makes of it.
//
// # Why a state machine
//
// A future does its work only inside Poll, and Poll must return as soon as
// something it waits for is Pending. The next poll has to carry on where the
// last one stopped, so the future must remember where that was and what it
// had at the time. "Where" is the state; "what it had" are the state's
// fields. fetch_data can stop at each of its two .awaits, which gives four
// states:
//
//	Start               not started; holds the host and path for buildURL
//	WaitingForUrl       stopped at the first .await; holds buildURL's future
//	WaitingForResponse  stopped at the second .await; holds httpGet's future
//	Done                the body has been returned; holds nothing
//
// WaitingForResponse does not keep the url: httpGet was handed it and owns
// it now. Nothing is stored that no later step reads.
//
// # From Rust to Go
//
// Rust keeps the states as the variants of an enum, and the future is that
// enum. Go has no enum that carries data, so each variant becomes a struct,
// and an interface with an unexported method (state) stands for "one of
// these four"; because the method is unexported, no type from outside this
// package can join the set. FetchData holds the current one in f.state.
//
//	Rust                                              Go
//	enum FetchData { Start, WaitingForUrl { .. }, .. } type Start struct{..}; type WaitingForUrl struct{..}; ...
//	FetchData::WaitingForUrl { build_url_future }      WaitingForUrl{BuildURL: fut}
//	*self = FetchData::WaitingForUrl { .. };           f.state = WaitingForUrl{...}
//	loop { match self { ... } }                        for { switch s := f.state.(type) { ... } }
//	FetchData::Start => { .. }                         case Start: ...
//	Poll::Pending => return Poll::Pending,             if p.IsPending() { return core.Pending[string]() }
//	panic!("polled after completion")                  panic("... polled after completion")
//
// The state names keep the lesson's spelling (WaitingForUrl), so the two
// can be read side by side.
//
// # What to write
//
// Poll, as a loop around a switch on the current state. Each case does one
// state's work and then either assigns the next state and goes round the
// loop, or returns:
//
//   - Start: create buildURL(host, path)'s future and move to WaitingForUrl.
//     Don't return here; nothing has been polled yet, so go round and poll it.
//   - WaitingForUrl: poll buildURL's future with the cx you were given.
//     Pending: return Pending (that future has already woken the waker).
//     Ready(url): move to WaitingForResponse with httpGet(url)'s future, and
//     go round to poll it.
//   - WaitingForResponse: poll httpGet's future. Pending: return Pending.
//     Ready(response): move to Done and return Ready(response.Body).
//   - Done: a finished future is never polled again, so reaching it is a
//     bug in the caller: panic with a message saying it was polled after
//     completion.
//
// The lesson's trace is what the checks expect, poll by poll:
//
//	poll #1: Start → WaitingForUrl, Pending
//	poll #2: WaitingForUrl → WaitingForResponse, Pending
//	poll #3: WaitingForResponse → Done, Ready(body)
//
// The state types, NewFetchData and String are given. You may store the
// state differently if you like (a tag field and a switch, say), but keep
// String naming the same four states: the checks read the states through it.
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
			f.state = WaitingForResponse{HTTPGet: httpGet(url)}
			return core.Pending[string]()
		case WaitingForResponse:
			resp, ok := s.HTTPGet.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.state = Done{}
			return core.Ready(resp.Body)
		case Done:
			panic("fetchdata: FetchData polled after completion")
		default:
			panic("fetchdata: FetchData has no state; create it with NewFetchData")
		}
	}
}
