import json, sys
run = sys.argv[1]; kinds = sys.argv[2].split(",") if len(sys.argv) > 2 else None
s=json.load(open(f'{run}/summary.json'))
items={json.loads(l)['id']:json.loads(l) for l in open('eval/qa_dev.jsonl')}
res={json.loads(l)['id']:json.loads(l) for l in open(f'{run}/results.jsonl')}
for it in s['items']:
    g=items[it['id']]
    if kinds and it['kind'] not in kinds: continue
    bad = not it['combined_ok'] or it.get('conflict_ok') is False
    if not bad: continue
    r=res[it['id']]
    print(f"{it['id']} {it['kind']} {r['slots'].get('answer type')} ok={it['combined_ok']} conf={it.get('conflict_ok')} | {g['question'][:100]}\n   GOLD: {g['answer'][:100]} {[(x['file'][:3], x['line']) for x in g['sources'][:3]]} other={[(x['file'][:3], x['line']) for x in g.get('other_sources',[])[:3]]}\n   GOT:  {r['answer'][:150]!r} {[(c['file'][:3], c['line_start']) for c in r['citations'][:3]]} conf={[(c['file'][:3], c['line_start']) for c in r['conflicts'][:3]]}")
