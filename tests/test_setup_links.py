"""The repository's address is one setting (REPOSITORY and BRANCH in lessons.py): every
Binder, nbgitpuller and pip link of the README uses it, and opens a file that exists."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from backprop_widgets.lessons import BRANCH, REPOSITORY, binder_url

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()
NAME = REPOSITORY.split("/")[1]  # the folder a clone of it gets


def test_the_binder_links_are_the_packages():
    links = re.findall(r"https://mybinder\.org/v2/gh/[^\s)]+", README)
    assert sorted(set(links)) == sorted(
        {binder_url(), binder_url("voila/render/notebooks/00_explorer.ipynb")}
    )
    for link in links:
        opened = parse_qs(urlsplit(link).query)["urlpath"][0].split("/", 2)[2]
        assert (ROOT / opened).is_file(), link


def test_the_pip_and_nbgitpuller_addresses_are_the_one_setting():
    installs = re.findall(r"git\+https://github\.com/([^@\s\"]+)@([\w.-]+)", README)
    assert len(installs) >= 2
    assert set(installs) == {(REPOSITORY, BRANCH)}
    (puller,) = set(re.findall(r"https://HUB/hub/user-redirect/git-pull\?[^\s`]+", README))
    query = parse_qs(urlsplit(puller).query)
    assert query["repo"] == [f"https://github.com/{REPOSITORY}"]
    assert query["branch"] == [BRANCH]
    opened = query["urlpath"][0].removeprefix(f"lab/tree/{NAME}/")
    assert (ROOT / opened).is_file(), puller


def test_every_github_address_in_the_readme_is_the_repository():
    found = re.findall(r"github\.com/([\w.-]+/[\w.-]+)", README)
    found += re.findall(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)", README)
    assert found and set(found) == {REPOSITORY}
    assert "`backprop_widgets/lessons.py`" in README  # where to change it
