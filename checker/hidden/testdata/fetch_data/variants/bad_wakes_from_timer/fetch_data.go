package fetchdata

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

// Wrong: it polls buildURL's future with a waker of its own and wakes the real one from a timer.
type FetchData struct {
	state      int
	host, path string
	bu         *BuildURLFuture
	hg         *HTTPGetFuture
}

func NewFetchData(host, path string) *FetchData { return &FetchData{host: host, path: path} }

func (f *FetchData) String() string {
	return [...]string{"Start", "WaitingForUrl", "WaitingForResponse", "Done"}[f.state]
}

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	quiet := core.NewContext(core.NoopWaker())
	for {
		switch f.state {
		case 0:
			f.bu = buildURL(f.host, f.path)
			f.state = 1
		case 1:
			url, ok := f.bu.Poll(quiet).Value()
			if !ok {
				time.AfterFunc(time.Millisecond, cx.Waker().Wake)
				return core.Pending[string]()
			}
			f.hg = httpGet(url)
			f.state = 2
		case 2:
			resp, ok := f.hg.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.state = 3
			return core.Ready(resp.Body)
		default:
			panic("fetchdata: polled after completion")
		}
	}
}
