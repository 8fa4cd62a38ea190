package watch

// queue lets one check run at a time and keeps at most one more waiting.
// Requests that come while a check runs collapse into that one waiting
// check: it runs after the current one finishes, on the files as they are
// then, so no save is lost and none is checked twice.
type queue struct {
	running bool
	waiting bool
}

// request asks for a check. It reports whether the check should start now;
// otherwise it waits for the running one.
func (q *queue) request() (start bool) {
	if q.running {
		q.waiting = true
		return false
	}
	q.running = true
	return true
}

// finished records that the running check is over. It reports whether the
// waiting check should start now (and then counts it as running).
func (q *queue) finished() (startNext bool) {
	if q.waiting {
		q.waiting = false
		return true
	}
	q.running = false
	return false
}

// busy reports whether a check is running.
func (q *queue) busy() bool { return q.running }
