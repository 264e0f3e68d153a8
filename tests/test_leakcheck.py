"""The leak check itself: a loop that keeps one object per iteration is
caught, one that keeps nothing passes."""

from leakcheck import blocks_grown


def test_a_leaking_loop_is_caught():
    kept = []

    def leaks(n):
        for _ in range(n):
            kept.append(object())

    # Large enough to stand out of the free-threaded build's noise (its
    # count moves by a few thousand blocks as heaps are abandoned).
    assert blocks_grown(leaks, 50_000, 100) >= 25_000


def test_a_clean_loop_passes():
    def clean(n):
        for _ in range(n):
            [object() for _ in range(3)]

    assert blocks_grown(clean, 1000, 100) < 100
