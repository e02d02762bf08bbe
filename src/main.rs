fn main() {
    vero::start();
}
