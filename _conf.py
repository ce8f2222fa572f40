import json, sys
from config import load_config
from answer.service import open_service
from answer.question import analyse
from eval.dataset import load_items
s = open_service(load_config())
recs = s.retriever.catalogue.records
summ = json.load(open(f"{sys.argv[1]}/summary.json"))
items = {i.id: i for i in load_items("eval/qa_dev.jsonl")}
for it in summ["items"]:
    if it.get("conflict_ok") is not False: continue
    g = items[it["id"]]; a = s.answer(g.question)
    print(f"{g.id} ok={it['combined_ok']} | {g.question[:80]}\n   ANS {a.answer[:80]!r} {[(c.file[:3], c.line_start) for c in a.citations][:3]} conf={[(k.citation.file[:3], k.citation.line_start) for k in a.conflicts][:4]}")
    for o in g.other_sources:
        rs = [r for r in recs if r.file == o.file and r.line == o.line]
        print(f"   OTHER {o.file[:3]}:{o.line} {o.quote[:60]!r}")
        for r in rs[:4]:
            print(f"      rec [{r.indicator[:35]}] {r.value} | {r.span.label} {r.stage} {r.locality}")
