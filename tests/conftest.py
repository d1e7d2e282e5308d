import logging

import pytest

logging.getLogger("transformers").setLevel(logging.ERROR)


@pytest.fixture(scope="session")
def random_dirs(tmp_path_factory):
    """Random tiny model directories (llama and gemma2 bases) shared by the engine tests."""
    from agenthn.model.random_init import save_random_model_dir

    root = tmp_path_factory.mktemp("models")
    return {p: save_random_model_dir(root / p, p, max_chunk_tokens=16, max_doc_tokens=200)
            for p in ("llama-test", "gemma2-test")}


@pytest.fixture(scope="session", params=["llama-test", "gemma2-test"])
def model(request, random_dirs):
    import agenthn

    return agenthn.load(random_dirs[request.param], device="cpu")


@pytest.fixture(scope="module")
def tiny(random_dirs):
    """A random llama-shaped test model, loaded once per module (modules add adapters and caches to it)."""
    import agenthn

    return agenthn.load(random_dirs["llama-test"], device="cpu")


@pytest.fixture(scope="module")
def one_torch_thread():
    """Tiny models run fastest on one thread, and a busy 2-core machine punishes OpenMP spin-waits."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
