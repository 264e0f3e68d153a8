"""The leak check itself: a loop that keeps one object per iteration is
caught, one that keeps nothing passes."""

from leakcheck import blocks_grown


def test_a_leaking_loop_is_caught():
    kept = []

    def leaks(n):
        for _ in range(n):
            kept.append(object())

    assert blocks_grown(leaks, 1000, 100) >= 1000


def test_a_clean_loop_passes():
    def clean(n):
        for _ in range(n):
            [object() for _ in range(3)]

    assert blocks_grown(clean, 1000, 100) < 100
