"""For failed dev figure items: is a gold record in the catalogue, where does it rank, what won."""
import json, sys, re
from config import load_config
from answer.service import open_service, _inherit
from answer.question import analyse
from eval.dataset import load_items
s = open_service(load_config())
run = sys.argv[1]; only = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else None
summ = json.load(open(f"{run}/summary.json"))
items = {i.id: i for i in load_items("eval/qa_dev.jsonl")}
recs = s.retriever.catalogue.records
for it in summ["items"]:
    if it["combined_ok"] or not it["answerable"]: continue
    if only and it["id"] not in only and it["kind"] not in only: continue
    g = items[it["id"]]
    q = analyse(g.question)
    if q.answer_type not in ("figure", "figures"): continue
    pats = [m.text if m.regex else re.escape(m.text) for m in g.must_match]
    vec = s.retriever.embed(g.question)
    hits = s.retriever.search(g.question, 10, None, vec)
    ranked = s.figures.ranked(q, [h.chunk.id for h in hits], lambda ids: s.retriever.similarity(vec, ids))
    gold_lines = {(x.file, x.line) for x in g.sources}
    def is_gold(r): return (r.file, r.line) in gold_lines and any(re.search(p, r.value) or re.search(p, r.quote) for p in pats)
    pos = next((n for n, (sc, i) in enumerate(ranked) if is_gold(recs[i])), None)
    incat = [r for r in recs if (r.file, r.line) in gold_lines and any(re.search(p, r.value) for p in pats)]
    print(f"{g.id} {g.kind} | {g.question[:80]} | q: status={q.status or '-'} period={q.period.label or '-'} loc={set(q.localities) or '-'} subj={q.subject}")
    print(f"   gold in catalogue: {len(incat)}; first gold rank: {pos}")
    for r in incat[:2]:
        print(f"     GOLD [{r.indicator[:40]}] {r.value} | {r.span.label} {r.stage} {r.locality}")
    for sc, i in ranked[:3]:
        r = recs[i]
        print(f"     {sc.score:.2f} c={sc.coverage:.2f} {r.file[:3]}:{r.line} [{r.indicator[:40]}] {r.value} | {r.span.label} {r.stage} {r.locality}")
