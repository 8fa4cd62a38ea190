package core

import (
	"fmt"
	"reflect"
)

// Poll is the answer to one call of [Future.Poll]: either Ready with a value
// or Pending. The zero Poll is Pending.
type Poll[T any] struct {
	ready bool
	value T
}

// Ready returns a Poll that carries the finished result v.
func Ready[T any](v T) Poll[T] {
	return Poll[T]{ready: true, value: v}
}

// Pending returns a Poll that says "not finished yet".
func Pending[T any]() Poll[T] {
	return Poll[T]{}
}

// IsReady reports whether the future finished.
func (p Poll[T]) IsReady() bool { return p.ready }

// IsPending reports whether the future still has work to do.
func (p Poll[T]) IsPending() bool { return !p.ready }

// Value returns the result and true when p is Ready, or the zero value and
// false when it is Pending.
func (p Poll[T]) Value() (T, bool) { return p.value, p.ready }

// Unwrap returns the result of a Ready poll. It panics on Pending, which is
// almost always a bug: the caller must check IsReady first.
func (p Poll[T]) Unwrap() T {
	if !p.ready {
		panic("core: Unwrap called on a Pending poll; check IsReady first")
	}
	return p.value
}

// String formats p the way the lesson writes it: Ready(5) or Pending.
// Strings are quoted so that Ready("") stays visible.
func (p Poll[T]) String() string {
	if !p.ready {
		return "Pending"
	}
	return fmt.Sprintf("Ready(%s)", formatValue(p.value))
}

// formatValue prints a value compactly for traces and messages. Strings,
// including named string types without a String method, are quoted.
// Stringers and errors go through fmt, which copes with nil receivers and
// with String methods that panic.
func formatValue(v any) string {
	switch v.(type) {
	case fmt.Stringer, error:
		return fmt.Sprint(v)
	}
	if reflect.ValueOf(v).Kind() == reflect.String {
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprintf("%+v", v)
}
