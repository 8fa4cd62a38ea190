// join! against awaiting in turn, for the join exercise: two futures of the
// same kind, awaited one after the other, or both at once with std's join!
// (still unstable: RUSTC_BOOTSTRAP=1 unlocks it).
#![feature(future_join)]
mod common;
use common::{block_on, yield_once};
use std::future::join;

// side keeps a 60-byte buffer across its await.
async fn side(v: u32) -> u32 {
    let buf = [v as u8; 60];
    yield_once(v).await;
    buf[0] as u32
}

async fn in_turn() -> (u32, u32) {
    let x = side(1).await;
    let y = side(2).await;
    (x, y)
}

async fn both_at_once() -> (u32, u32) {
    join!(side(1), side(2)).await
}

fn main() {
    let (s, t, b) = (side(1), in_turn(), both_at_once());
    println!("size_of_val(side) = {}", std::mem::size_of_val(&s));
    println!("size_of_val(in_turn) = {}", std::mem::size_of_val(&t));
    println!("size_of_val(both_at_once) = {}", std::mem::size_of_val(&b));
    println!("{} {:?} {:?}", block_on(s), block_on(t), block_on(b));
}
