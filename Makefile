# Thin wrappers over manage.py and the package CLI; manage.py works without make.
PY := .venv/bin/python
QUARTER ?= Q4
PROGRESS ?=

.PHONY: reports report test bench export template refresh-notebooks clean gallery

reports:            ## regenerate every report and figure on the bundled list
	python3 manage.py reports

report:             ## one quarterly report: make report QUARTER=Q3 PROGRESS=path/to/progress.csv
	python3 manage.py reports --quarter $(QUARTER) $(if $(PROGRESS),--progress $(PROGRESS))

test:               ## the whole test suite (as CI runs it)
	python3 manage.py test

bench:              ## print the benchmark table
	python3 manage.py bench

export:             ## cleaned tables as CSV + xlsx in data/processed/
	$(PY) -m qpanalysis export

template:           ## progress file template in the current folder
	$(PY) -m qpanalysis progress-template

refresh-notebooks:  ## re-execute the committed notebooks in place (after changing them)
	$(PY) -m qpanalysis refresh-notebooks

clean:
	rm -rf reports/*/ reports/.staging-* data/processed .bench

GALLERY := investment_by_section_zh investment_by_town_zh investment_pareto_tasks_en workload_section_heatmap_zh workload_co_lead_network_en coverage_matrix_zh coverage_tile_tasks_en coverage_quantities_zh quality_totals_zh quarterly_Q3_expected_pct_en
gallery:            ## copy the README gallery figures from figures/ (run make reports first)
	mkdir -p docs/gallery && for f in $(GALLERY); do cp figures/$$f.png docs/gallery/; done
