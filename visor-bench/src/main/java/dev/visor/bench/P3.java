class P3 {}
