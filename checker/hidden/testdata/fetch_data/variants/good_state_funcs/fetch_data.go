package fetchdata

import "github.com/futurelings/futurelings/core"

// Correct: each state is a method, and FetchData holds the current one as a
// method value (state functions), beside only what that state needs.
type FetchData struct {
	name       string
	step       func(cx *core.Context) (core.Poll[string], bool)
	host, path string
	bu         *BuildURLFuture
	hg         *HTTPGetFuture
}

func NewFetchData(host, path string) *FetchData {
	f := &FetchData{name: "Start", host: host, path: path}
	f.step = f.start
	return f
}

func (f *FetchData) String() string { return f.name }

func (f *FetchData) start(*core.Context) (core.Poll[string], bool) {
	f.bu, f.host, f.path = buildURL(f.host, f.path), "", ""
	f.name, f.step = "WaitingForUrl", f.waitingForURL
	return core.Poll[string]{}, false
}

func (f *FetchData) waitingForURL(cx *core.Context) (core.Poll[string], bool) {
	url, ok := f.bu.Poll(cx).Value()
	if !ok {
		return core.Pending[string](), true
	}
	f.bu, f.hg = nil, httpGet(url)
	f.name, f.step = "WaitingForResponse", f.waitingForResponse
	return core.Poll[string]{}, false
}

func (f *FetchData) waitingForResponse(cx *core.Context) (core.Poll[string], bool) {
	resp, ok := f.hg.Poll(cx).Value()
	if !ok {
		return core.Pending[string](), true
	}
	f.hg = nil
	f.name, f.step = "Done", f.done
	return core.Ready(resp.Body), true
}

func (f *FetchData) done(*core.Context) (core.Poll[string], bool) {
	panic("fetchdata: FetchData polled after completion")
}

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	for {
		if p, stop := f.step(cx); stop {
			return p
		}
	}
}
