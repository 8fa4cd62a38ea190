package watch

import "testing"

func TestQueue(t *testing.T) {
	// Each step is a request (true) or the end of the running check
	// (false), with what the queue should answer: start a check now?
	type step struct {
		request bool
		start   bool
	}
	req := func(start bool) step { return step{true, start} }
	end := func(start bool) step { return step{false, start} }
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"idle request starts at once", []step{req(true), end(false)}},
		{"request during a check waits for it", []step{req(true), req(false), end(true), end(false)}},
		{"many requests during a check make one more", []step{req(true), req(false), req(false), req(false), end(true), end(false)}},
		{"requests during the extra check make one more again", []step{req(true), req(false), end(true), req(false), req(false), end(true), end(false)}},
		{"after the queue drains a request starts at once", []step{req(true), req(false), end(true), end(false), req(true), end(false)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var q queue
			for i, s := range tc.steps {
				var got bool
				what := "request"
				if s.request {
					got = q.request()
				} else {
					what = "finished"
					got = q.finished()
				}
				if got != s.start {
					t.Fatalf("step %d (%s): start = %v, want %v", i, what, got, s.start)
				}
			}
			if q.busy() {
				t.Errorf("still busy after the last check ended")
			}
		})
	}
}
