// YieldOnce two ways, and the one_await future around each: the lesson's
// Option<u32> version, and one with an 8-byte payload (a u32 and two bools,
// the layout of the course's Go YieldOnce[uint32]).
mod common;
use common::{block_on, yield_once};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct YieldOnce8 {
    value: u32,
    yielded: bool,
    done: bool,
}

impl Future for YieldOnce8 {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        if self.done {
            panic!("polled after completion");
        }
        if self.yielded {
            self.done = true;
            Poll::Ready(self.value)
        } else {
            self.yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

async fn task_option() -> u32 {
    yield_once(42u32).await
}

async fn task_8_bytes() -> u32 {
    YieldOnce8 { value: 42, yielded: false, done: false }.await
}

fn main() {
    let (a, b) = (task_option(), task_8_bytes());
    println!("size_of_val(task_option) = {}", std::mem::size_of_val(&a));
    println!("size_of_val(task_8_bytes) = {}", std::mem::size_of_val(&b));
    println!("{} {}", block_on(a), block_on(b));
}
