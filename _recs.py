import sys, logging
logging.disable(logging.INFO)
from config import load_config
from answer.service import open_service
s = open_service(load_config())
cat = s.retriever.catalogue
for spec in sys.argv[1:]:
    f, line = spec.split(":")
    for i, r in enumerate(cat.records):
        if r.file.startswith(f) and r.line == int(line):
            print(f"{spec} [{r.indicator}] {r.value} {r.unit} | {r.span.label} | {r.stage} | {r.locality} | grp={r.group}")
