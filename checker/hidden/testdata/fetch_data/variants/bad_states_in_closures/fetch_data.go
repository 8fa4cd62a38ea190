package fetchdata

import "github.com/futurelings/futurelings/core"

// Wrong: each state is a closure that holds what it needs, out of sight.
type FetchData struct {
	name string
	step func(cx *core.Context) (core.Poll[string], bool)
}

func NewFetchData(host, path string) *FetchData {
	f := &FetchData{name: "Start"}
	f.step = func(cx *core.Context) (core.Poll[string], bool) {
		bu := buildURL(host, path)
		f.name = "WaitingForUrl"
		f.step = func(cx *core.Context) (core.Poll[string], bool) {
			url, ok := bu.Poll(cx).Value()
			if !ok {
				return core.Pending[string](), true
			}
			hg := httpGet(url)
			f.name = "WaitingForResponse"
			f.step = func(cx *core.Context) (core.Poll[string], bool) {
				resp, ok := hg.Poll(cx).Value()
				if !ok {
					return core.Pending[string](), true
				}
				f.name = "Done"
				f.step = func(*core.Context) (core.Poll[string], bool) { panic("fetchdata: polled after completion") }
				return core.Ready(resp.Body), true
			}
			return core.Poll[string]{}, false
		}
		return core.Poll[string]{}, false
	}
	return f
}

func (f *FetchData) String() string { return f.name }

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	for {
		if p, done := f.step(cx); done {
			return p
		}
	}
}
