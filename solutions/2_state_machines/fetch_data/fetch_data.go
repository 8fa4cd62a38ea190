// Package fetchdata is the lesson's worked example: the state machine behind
//
//	async fn fetch_data() -> String {
//	    let url = build_url().await;
//	    let response = http_get(url).await;
//	    response.body
//	}
//
// written in Go, by hand, as the lesson draws it: the ideal of what Rust's
// compiler makes of it, which rustc comes close to (see "Ideal and real"
// below).
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
// # Ideal and real
//
// rustc 1.95 builds nearly this. Asked for the layout of the future
// (RUSTC_BOOTSTRAP=1 rustc --edition 2021 -Zprint-type-sizes), with a
// YieldOnce<String> standing in for build_url's future and an async fn that
// yields once for http_get, it prints, on a 64-bit target:
//
//	print-type-size type: `{async fn body of fetch_data()}`: 64 bytes, alignment: 8 bytes
//	print-type-size     discriminant: 1 bytes
//	print-type-size     variant `Unresumed`: 0 bytes
//	print-type-size     variant `Suspend0`: 39 bytes
//	print-type-size         padding: 7 bytes
//	print-type-size         local `.__awaitee`: 32 bytes, alignment: 8 bytes, type: YieldOnce<String>
//	print-type-size     variant `Suspend1`: 63 bytes
//	print-type-size         padding: 7 bytes
//	print-type-size         local `.__awaitee`: 56 bytes, alignment: 8 bytes, type: {async fn body of http_get()}
//	print-type-size     variant `Returned`: 0 bytes
//	print-type-size     variant `Panicked`: 0 bytes
//
// Unresumed is Start, Suspend0 is WaitingForUrl, Suspend1 is
// WaitingForResponse and Returned is Done; __awaitee is the sub-future being
// awaited, and the url is not kept beside it, as in the lesson. Panicked is
// a state the lesson leaves out: a future whose body panicked ends there,
// and polling it again panics. The states share their bytes, so the future
// is as big as its largest state plus the tag, rounded up to a multiple of
// its alignment. Where rustc is not ideal
// shows one level down, in http_get(url: String): it keeps its argument in
// every state, and a second copy of it as a local once it is running, so its
// future is 56 bytes where a state holding only what it needs gives 32
// (rust-lang/rust#62958).
//
// The other flag, -Zunpretty=hir, shows how each .await is lowered: into a
// loop that polls the sub-future and, on Pending, yields to the caller,
//
//	match into_future(build_url()) {
//	    mut __awaitee => loop {
//	        match unsafe { poll(new_unchecked(&mut __awaitee), get_context(_task_context)) } {
//	            Ready { 0: result } => break result,
//	            Pending {} => { }
//	        }
//	        _task_context = (yield ());
//	    },
//	}
//
// which is the WaitingForUrl case of your Poll, written once per .await. The
// new_unchecked is the unsafe pin projection: the future is pinned, so the
// sub-future inside it may be polled in place. (cargo expand, which the
// lesson suggests, stops before async fns are lowered and shows none of
// this.)
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
// To see yours, run futurelings trace fetch_data: it polls your FetchData
// the way an executor would and prints each poll in this form, with the
// polls of buildURL's and httpGet's futures inside it and what the state
// holds afterwards, then what a correct one does. It is not a check, and
// Println calls in your Poll show up next to the poll that made them.
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
