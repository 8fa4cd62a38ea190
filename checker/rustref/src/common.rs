// Shared by every example: the lesson's YieldOnce and a one-future executor,
// so that each async fn below is really built (and its layout printed).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// The lesson's YieldOnce: Pending once (after a wake), then Ready(value).
pub struct YieldOnce<T> {
    value: Option<T>,
    yielded: bool,
}

pub fn yield_once<T>(value: T) -> YieldOnce<T> {
    YieldOnce { value: Some(value), yielded: false }
}

impl<T: Unpin> Future for YieldOnce<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if self.yielded {
            Poll::Ready(self.value.take().expect("polled after completion"))
        } else {
            self.yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Polls f until it is Ready, on this thread (lesson 1's executor).
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}
