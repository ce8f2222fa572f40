import sys, logging
logging.disable(logging.INFO)
from config import load_config
from answer.service import open_service
from answer.question import analyse
from answer.rank import misfit
s = open_service(load_config())
lk = s.figures; recs = lk.catalogue.records
for qt in sys.argv[1:]:
    q = analyse(qt)
    print(q.slots(), "subject", q.subject, "terms", q.terms)
    vec = s.retriever.embed(qt)
    hits = s.retriever.search(qt, s.config.top_k, None, vec)
    print("hits", [(h.chunk.file[:3], h.chunk.line_start) for h in hits])
    ranked = lk.ranked(q, [h.chunk.id for h in hits], lambda ids: s.retriever.similarity(vec, ids))
    for sc, i in ranked[:12]:
        r = recs[i]
        print(f"  {sc.score:.2f} cov={sc.coverage:.2f} {r.file[:3]}:{r.line} [{r.indicator[:45]}] {r.value} {r.unit[:12]} | {r.span.label} {r.stage} {r.locality} | misfit={misfit(q, r, lk.now)!r}")
