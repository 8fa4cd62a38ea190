package fetchdata

import "github.com/futurelings/futurelings/core"

// Correct: a generic helper awaits either sub-future.
type FetchData struct {
	state any
}

type (
	Start              struct{ Host, Path string }
	WaitingForUrl      struct{ Fut *BuildURLFuture }
	WaitingForResponse struct{ Fut *HTTPGetFuture }
	Done               struct{}
)

func NewFetchData(host, path string) *FetchData { return &FetchData{state: Start{host, path}} }

func (f *FetchData) String() string {
	switch f.state.(type) {
	case Start:
		return "Start"
	case WaitingForUrl:
		return "WaitingForUrl"
	case WaitingForResponse:
		return "WaitingForResponse"
	}
	return "Done"
}

func await[T any](fut core.Future[T], cx *core.Context, then func(T)) bool {
	v, ok := fut.Poll(cx).Value()
	if ok {
		then(v)
	}
	return ok
}

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	var body string
	for {
		switch s := f.state.(type) {
		case Start:
			f.state = WaitingForUrl{buildURL(s.Host, s.Path)}
		case WaitingForUrl:
			if !await[string](s.Fut, cx, func(url string) { f.state = WaitingForResponse{httpGet(url)} }) {
				return core.Pending[string]()
			}
		case WaitingForResponse:
			if !await[Response](s.Fut, cx, func(r Response) { body, f.state = r.Body, Done{} }) {
				return core.Pending[string]()
			}
			return core.Ready(body)
		default:
			panic("fetchdata: FetchData polled after completion")
		}
	}
}
