class P2 {}
