"""Bring-your-own public memory benchmarks: LongMemEval and LoCoMo files read in their published
schemas and scored the way the benchmarks' own evaluators score them.

    agenthn bench longmemeval longmemeval_s.json --strategies memory-topk,rag --out results/lme
    agenthn bench locomo locomo10.json --categories 1,2,3,4,5 --out results/locomo

`schema` holds the shared in-memory form (conversations of dated sessions, questions with evidence)
and the validation helpers; `longmemeval` and `locomo` parse their files into it; `scoring` holds the
official metrics (LoCoMo token F1, the abstention rules) and the labelled contains-match proxy;
`judge` the OpenAI-compatible yes/no judge; `runner` ingests, asks, scores and reports.
"""
