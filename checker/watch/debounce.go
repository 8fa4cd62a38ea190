package watch

import (
	"path/filepath"
	"slices"
	"time"
)

// DefaultDebounce is how long a burst of file events must be quiet before
// it becomes a check. Editors save in bursts: truncate then write, or write
// a temporary file, rename the old one away and rename the new one in. On
// Linux the events of one save arrive within 2 ms of each other, even for
// vim's rename dance; 10 ms is five times that, and every millisecond of it
// is added to the time from a save to its verdict. An editor slow enough to
// split one save in two costs one more check, never a lost one.
const DefaultDebounce = 10 * time.Millisecond

// debouncer gathers the file events of one burst. It is only arithmetic on
// the times it is given: the loop owns the timer and asks due when it
// fires, which keeps the debouncer testable without sleeping.
type debouncer struct {
	quiet time.Duration // a burst ends after this long without events
	// longest bounds how long a burst that never goes quiet (a tool that
	// keeps writing) can hold a check back.
	longest time.Duration

	first, last time.Time
	files       []string // base names, in the order they first changed
}

func newDebouncer(quiet time.Duration) *debouncer {
	if quiet <= 0 {
		quiet = DefaultDebounce
	}
	return &debouncer{quiet: quiet, longest: 20 * quiet}
}

// add records a change to path at now and returns how long until the
// burst it belongs to is due, if nothing else changes.
func (d *debouncer) add(path string, now time.Time) time.Duration {
	if d.first.IsZero() {
		d.first = now
	}
	d.last = now
	if name := filepath.Base(path); path != "" && !slices.Contains(d.files, name) {
		d.files = append(d.files, name)
	}
	return d.deadline().Sub(now)
}

// deadline is when the current burst is due.
func (d *debouncer) deadline() time.Time {
	quiet := d.last.Add(d.quiet)
	if limit := d.first.Add(d.longest); limit.Before(quiet) {
		return limit
	}
	return quiet
}

// pending reports whether changes are waiting.
func (d *debouncer) pending() bool { return !d.first.IsZero() }

// due returns the files of a burst that is over at now, and forgets them.
// It returns ok false when nothing is waiting or the burst is still going
// on (a timer that fired before a later event reset it).
func (d *debouncer) due(now time.Time) (files []string, ok bool) {
	if !d.pending() || now.Before(d.deadline()) {
		return nil, false
	}
	files = d.files
	d.reset()
	return files, true
}

// reset forgets any changes waiting (the loop moved to another exercise).
func (d *debouncer) reset() {
	d.first, d.last, d.files = time.Time{}, time.Time{}, nil
}
