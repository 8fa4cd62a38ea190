package fetchdata

import "github.com/futurelings/futurelings/core"

// Correct: one method per state, chosen by a tag.
type FetchData struct {
	tag        uint8
	host, path string
	bu         *BuildURLFuture
	hg         *HTTPGetFuture
}

func NewFetchData(host, path string) *FetchData { return &FetchData{host: host, path: path} }

func (f *FetchData) String() string {
	return [...]string{"Start", "WaitingForUrl", "WaitingForResponse", "Done"}[f.tag]
}

func (f *FetchData) start() {
	f.bu = buildURL(f.host, f.path)
	f.host, f.path = "", ""
	f.tag = 1
}

func (f *FetchData) waitingForURL(cx *core.Context) bool {
	url, ok := f.bu.Poll(cx).Value()
	if !ok {
		return false
	}
	f.bu, f.hg, f.tag = nil, httpGet(url), 2
	return true
}

func (f *FetchData) waitingForResponse(cx *core.Context) (string, bool) {
	resp, ok := f.hg.Poll(cx).Value()
	if !ok {
		return "", false
	}
	f.hg, f.tag = nil, 3
	return resp.Body, true
}

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	if f.tag == 0 {
		f.start()
	}
	if f.tag == 1 && !f.waitingForURL(cx) {
		return core.Pending[string]()
	}
	if f.tag == 2 {
		if body, ok := f.waitingForResponse(cx); ok {
			return core.Ready(body)
		}
		return core.Pending[string]()
	}
	panic("fetchdata: FetchData polled after completion")
}
