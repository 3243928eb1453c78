// Without this a new migration file could silently miss the binary.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/province");
}
