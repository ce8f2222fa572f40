"""Prototype: figure-level e5 similarity (question vs the words around each figure) in ranking."""
import json, os, re, sys, numpy as np, logging
logging.disable(logging.INFO)
from config import load_config
from answer.service import open_service
import answer.lookup as L, answer.rank as R
from index.embedder import encode_passages
from eval.dataset import load_items
from eval.metrics import score_item, summarize
from eval.runner import answer_items

cfg = load_config()
s = open_service(cfg)
cat = s.retriever.catalogue
recs = cat.records

def window(r, before=12, after=6):
    if r.cell:
        return f"{r.indicator} ({r.unit})" if r.unit else r.indicator
    q = r.quote
    m = re.search(rf"(?<![\d.,]){re.escape(r.value)}(?![\d])", q)
    if not m:
        return r.indicator
    b = q[:m.start()].split()[-before:]
    a = q[m.end():].split()[:after]
    return " ".join(b + [r.value] + a)

MODE = os.environ.get("WIN", "window")
texts = [window(r) if MODE == "window" else r.indicator for r in recs]
cache = f"/tmp/figsem_{MODE}.npy"
if os.path.exists(cache):
    E = np.load(cache)
else:
    uniq = list(dict.fromkeys(texts))
    model = s.retriever.embed_model._model if hasattr(s.retriever.embed_model, "_model") else None
    from index.embedder import load_embedder
    emb = load_embedder(cfg.model, cfg.model_cache_dir, cfg.encoder)
    V = encode_passages(emb, uniq)
    pos = {t: i for i, t in enumerate(uniq)}
    E = V[[pos[t] for t in texts]]
    np.save(cache, E)
index_of = {id(r): i for i, r in enumerate(recs)}
last = {}
orig_embed = s.retriever.embed
def embed(q):
    v = orig_embed(q); last["v"] = v; return v
s.retriever.embed = embed
orig_score = L.score_figures
BETA = float(os.environ.get("BETA", "1"))
W = float(os.environ.get("W", "0.3"))
def score(q, records, *a, **k):
    args = list(a)
    semantic = args[-1] if len(args) >= 7 else k.get("semantic")
    v = last.get("v")
    if v is not None and records:
        f = E[[index_of[id(r)] for r in records]] @ v
        fs = R.spread(list(f))
        cs = R.spread(list(semantic)) if semantic is not None else [0]*len(records)
        mixed = [c + BETA * x for c, x in zip(cs, fs)]
        if len(args) >= 7: args[-1] = mixed
        else: k["semantic"] = mixed
    return orig_score(q, records, *args, **k)
L.score_figures = score
R.SEMANTIC = W
for split in sys.argv[1:] or ["dev"]:
    items = load_items(f"eval/qa_{split}.jsonl")
    res = answer_items(items, s)
    scores = [score_item(i, r) for i, r in zip(items, res)]
    ok = sum(x.combined_ok for x in scores) / len(scores)
    conf = [x.conflict_ok for x in scores if x.conflict_ok is not None]
    print(f"{split} MODE={MODE} BETA={BETA} W={W}: combined {ok:.1%}  conflict {sum(conf)/len(conf):.1%}  fr={sum(x.false_refusal for x in scores)}")
