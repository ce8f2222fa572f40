import json, sys, logging
logging.disable(logging.INFO)
from config import load_config
from answer.service import open_service
from answer.question import analyse
from answer.lookup import _same_place, _comparable_stage, _jaccard, FigureMatch
from eval.dataset import load_items
s = open_service(load_config())
cat = s.retriever.catalogue; recs = cat.records; lk = s.figures
split = sys.argv[1] if len(sys.argv) > 1 else 'dev'
summ = json.load(open(f"eval/runs/latest/{split}/summary.json"))
items = {i.id: i for i in load_items(f"eval/qa_{split}.jsonl")}
for it in summ["items"]:
    if it.get("conflict_ok") is not False: continue
    g = items[it["id"]]
    q = analyse(g.question)
    vec = s.retriever.embed(g.question)
    hits = s.retriever.search(g.question, s.config.top_k, None, vec)
    ranked = lk.ranked(q, [h.chunk.id for h in hits], lambda ids: s.retriever.similarity(vec, ids))
    pos = {i: (n, sc) for n, (sc, i) in enumerate(ranked)}
    best = lk.best(q, [h.chunk.id for h in hits], lambda ids: s.retriever.similarity(vec, ids))
    lead = best.lead if isinstance(best, FigureMatch) else None
    print(f"{g.id} ok={it['combined_ok']} | {g.question[:70]} | ans={g.answer[:50]}")
    if lead: print(f"   GOT LEAD {lead.file[:3]}:{lead.line} [{lead.indicator[:40]}] {lead.value} {lead.span.label} {lead.stage} {lead.locality} sc={[sc.score for sc,i in ranked if recs[i] is lead][:1]}")
    top = ranked[0][0].score if ranked else 0
    for n, r in enumerate(recs):
        if any(r.file == x.file and r.line == x.line for x in g.other_sources) and n in pos:
            k, sc = pos[n]
            print(f"      OTH#{k} {r.file[:3]}:{r.line} [{r.indicator[:40]}] {r.value} {r.unit[:10]} {r.span.label} {r.stage} {r.locality} score={sc.score:.2f} cov={sc.coverage:.2f} (top {top:.2f})"
                  + (f" place={_same_place(r, lead)} period={lk._same_period(r, lead)} stage={_comparable_stage(r.stage, lead.stage)}" if lead else ""))
