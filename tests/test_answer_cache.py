"""ui.answer_cache: a question asked again is answered from the cache, of the serving index only."""
from __future__ import annotations

from answer.types import Answer
from ui.answer_cache import AnswerCache


class Pipeline:
    def __init__(self):
        self.runs = 0

    def answer(self, question: str) -> Answer:
        self.runs += 1
        return Answer(question=question, answer=f"đáp {self.runs}", found=True, citations=[], conflicts=[],
                      retrieved=[], notes=[])


def test_a_question_asked_again_is_not_answered_again():
    cache, service, pipeline = AnswerCache(2), object(), Pipeline()
    first = cache.answer(service, ("q", frozenset()), lambda: pipeline.answer("q"))
    assert cache.answer(service, ("q", frozenset()), lambda: pipeline.answer("q")) is first
    cache.answer(service, ("q", frozenset({"a.txt"})), lambda: pipeline.answer("q"))  # another filter, another answer
    assert pipeline.runs == 2


def test_a_new_index_and_the_size_limit_drop_answers():
    cache, pipeline = AnswerCache(2), Pipeline()
    old, new = object(), object()
    for question in ("a", "b"):
        cache.answer(old, question, lambda: pipeline.answer(question))
    cache.answer(new, "a", lambda: pipeline.answer("a"))  # the index was replaced: answered again
    assert pipeline.runs == 3
    cache.answer(new, "b", lambda: pipeline.answer("b"))
    cache.answer(new, "c", lambda: pipeline.answer("c"))  # "a" is the least recently used: dropped
    cache.answer(new, "a", lambda: pipeline.answer("a"))
    assert pipeline.runs == 6


def test_size_zero_keeps_nothing():
    cache, service, pipeline = AnswerCache(0), object(), Pipeline()
    for _ in range(3):
        cache.answer(service, "q", lambda: pipeline.answer("q"))
    assert pipeline.runs == 3
