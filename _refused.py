import json, sys
from config import load_config
from answer.service import open_service
from eval.dataset import load_items
s = open_service(load_config())
summ = json.load(open(f"{sys.argv[1]}/summary.json"))
items = {i.id: i for i in load_items(sys.argv[2] if len(sys.argv) > 2 else "eval/qa_dev.jsonl")}
for it in summ["items"]:
    if not it["false_refusal"]: continue
    g = items[it["id"]]; a = s.answer(g.question)
    print(f"{g.id} | {g.question[:80]} | GOLD {g.answer[:50]}\n    {a.notes}")
