import json, sys
from config import load_config
from answer.service import open_service
from answer.question import analyse
from eval.dataset import load_items
s = open_service(load_config())
cat = s.retriever.catalogue; recs = cat.records
summ = json.load(open(f"{sys.argv[1]}/summary.json"))
items = {i.id: i for i in load_items("eval/qa_dev.jsonl")}
for it in summ["items"]:
    if it.get("conflict_ok") is not False: continue
    g = items[it["id"]]; q = analyse(g.question)
    vec = s.retriever.embed(g.question); hits = s.retriever.search(g.question, 10, None, vec)
    m = s.figures.best(q, [h.chunk.id for h in hits], lambda ids: s.retriever.similarity(vec, ids)) if q.answer_type in ("figure","figures") else None
    print(f"{g.id} ok={it['combined_ok']} type={q.answer_type} | {g.question[:70]}")
    if m:
        L = m.lead; print(f"   LEAD {L.file[:3]}:{L.line} [{L.indicator[:30]}] {L.value} g={L.group[:25]} | {L.span.label} {L.stage} {L.locality} cov={m.coverage:.2f}")
    for o in g.other_sources:
        for r in [r for r in recs if r.file == o.file and r.line == o.line][:3]:
            print(f"   OTHER {r.file[:3]}:{r.line} [{r.indicator[:30]}] {r.value} g={r.group[:25]} | {r.span.label} {r.stage} {r.locality}")
