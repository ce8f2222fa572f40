import json, sys
from config import load_config
from answer.service import open_service
from eval.dataset import load_items
s = open_service(load_config())
run = sys.argv[1]
summ = json.load(open(f"{run}/summary.json"))
items = {i.id: i for i in load_items("eval/qa_dev.jsonl")}
for it in summ["items"]:
    if it["combined_ok"] or not it["answerable"]: continue
    g = items[it["id"]]; a = s.answer(g.question)
    if a.slots.get("answer type") not in ("figure", "figures"): continue
    print(f"{g.id} | {g.question[:90]}\n   GOLD {g.answer[:70]} {[(x.file[:3], x.line) for x in g.sources][:3]}\n   GOT  {a.answer[:90]!r} {[(c.file[:3], c.line_start) for c in a.citations][:3]}\n   NOTES {a.notes}")
