#!/usr/bin/python3
"""The search page of `vnotice serve`, end to end in Debian's headless Chromium (issue 23).

    serve_browser_test.py VNOTICE SOURCE_DIR [--screenshot PATH]

Indexes the sample PDFs, the notice's DOCX (with its ODT beside it) and a record whose subject
holds a <script>, serves the archive on a free port, then in Chromium: searches without accents
(hits and their order as `vnotice search --json` gives them, highlighted passages with accents),
chooses a document type (the page submits itself), opens the notice, downloads its DOCX and ODT
and compares the bytes with the archive's blobs and the sample files.

--screenshot PATH also saves the results page of the search without accents as a PNG: that is
how docs/images/search-page.png is made (there is no separate screenshot tool).

Uses only Debian's packages (chromium, chromium-driver, python3-selenium); the driver's path is
given so that Selenium Manager never looks for a browser on the network.
"""

import argparse
import hashlib
import json
import re
import selectors
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

QUERY = "cai cach hanh chinh"  # typed without accents: the archive's words have them
ACCENTED = "cải cách"  # what the highlighted passages must show
TYPE_FILTER = "THÔNG BÁO"  # the notice's type: 2 documents (its PDF and its DOCX) of 7
NOTICE_NUMBER = "1935/TB-SCT"  # number_symbol of samples/docx/notice-2021-sct.docx
XSS_SUBJECT = "Thử trích yếu <script>window.__xss=1</script> hiển thị"
WAIT = 20  # seconds for any page, script or download


def fail(message):
    raise AssertionError(message)


def run(command, **kwargs):
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                            **kwargs)
    if result.returncode != 0:
        fail(f"{' '.join(map(str, command))} exited with {result.returncode}:\n{result.stderr}")
    return result.stdout


def build_archive(vnotice, source, work):
    """The archive: sample PDFs, the notice DOCX with its ODT beside it, and the <script> record."""
    office = work / "office"
    office.mkdir()
    docx = office / "notice-2021-sct.docx"
    odt = office / "notice-2021-sct.odt"
    shutil.copyfile(source / "samples/docx/notice-2021-sct.docx", docx)
    shutil.copyfile(source / "samples/odt/notice-2021-sct.odt", odt)

    # A record of a report with a hostile subject; sections, references and metrics emptied so
    # it only answers searches for its subject and stays out of the other checks.
    record_path = work / "xss.json"
    run([vnotice, "parse", source / "samples/pdf/report-2021-qltm.pdf", "-o", record_path])
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["subject"] = XSS_SUBJECT
    record["source"]["sha256"] = hashlib.sha256(b"xss").hexdigest()
    for key in ("sections", "references", "metrics"):
        record[key] = []
    record_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    archive = work / "archive.db"
    pdfs = sorted((source / "samples/pdf").glob("*.pdf"))
    assert pdfs, "no samples/pdf/*.pdf"
    run([vnotice, "index", *pdfs, docx, record_path, "--db", archive])
    return archive, docx, odt, record["source"]["sha256"]


def cli_hits(vnotice, archive, query, *filters):
    return json.loads(run([vnotice, "search", query, "--db", archive, "--json", "--limit", "100",
                           *filters]))


def start_server(vnotice, archive):
    """`vnotice serve --port 0` and the port it chose, read from its first line."""
    server = subprocess.Popen([str(vnotice), "serve", "--db", str(archive), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    chooser = selectors.DefaultSelector()
    chooser.register(server.stdout, selectors.EVENT_READ)
    if not chooser.select(timeout=WAIT):
        server.kill()
        fail("vnotice serve printed nothing in 20 s")
    line = server.stdout.readline()
    match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        server.kill()
        fail(f"vnotice serve did not print its address: {line!r} {server.stderr.read()}")
    port = int(match.group(1))
    assert 0 < port < 65536, f"vnotice serve --port 0 printed port {port}"
    return server, port


def stop_server(server):
    """SIGTERM, which the server handles by stopping cleanly; killed if it does not."""
    server.terminate()
    try:
        return server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return None


def start_browser(work, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1400", f"--user-data-dir={work / 'profile'}",
                     "--lang=vi"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
    })
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(WAIT)
    # Headless Chromium only saves downloads once told where (the prefs alone are not enough).
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def shown_total(driver):
    text = driver.find_element(By.ID, "count").text
    match = re.search(r"Tìm thấy (\d+) văn bản", text)
    assert match, f"p#count does not give a total: {text!r}"
    return int(match.group(1))


def hit_shas(driver):
    shas = []
    for hit in driver.find_elements(By.CSS_SELECTOR, "article.hit"):
        href = hit.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href")
        match = re.fullmatch(r"http://127\.0\.0\.1:\d+/document/([0-9a-f]{64})", href)
        assert match, f"a hit's link is not /document/SHA: {href}"
        shas.append(match.group(1))
    return shas


def wait_for_thumbnails(driver):
    """Every hit's picture loaded (a PNG, or the SVG card of a DOCX); they load lazily."""
    for image in driver.find_elements(By.CSS_SELECTOR, "article.hit img"):
        driver.execute_script("arguments[0].scrollIntoView()", image)
        WebDriverWait(driver, WAIT).until(lambda _: driver.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", image),
            f"thumbnail {image.get_attribute('src')} did not load")
    driver.execute_script("window.scrollTo(0, 0)")


def download(driver, link, downloads, name):
    """Clicks a download link and returns the saved file's bytes once Chromium has finished."""
    target = downloads / name
    link.click()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        partial = list(downloads.glob("*.crdownload"))
        if target.exists() and not partial:
            return target.read_bytes()
        time.sleep(0.1)
    fail(f"{name} was not downloaded in {WAIT} s; the folder holds "
         f"{sorted(p.name for p in downloads.iterdir())}")


def stored_blob(archive, sha, kind):
    with sqlite3.connect(f"file:{archive}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT name, content FROM files WHERE document = ? AND kind = ?",
                          (sha, kind)).fetchall()
    assert len(rows) == 1, f"the archive holds {len(rows)} '{kind}' files of {sha}"
    return rows[0]


def check_search(driver, base, vnotice, archive, screenshot):
    expected = cli_hits(vnotice, archive, QUERY)
    assert len(expected) >= 3, f"vnotice search finds only {len(expected)} documents"

    driver.get(base + "/")
    box = driver.find_element(By.CSS_SELECTOR, "form.search input#q")
    box.send_keys(QUERY)
    # search.js counts the matches while typing, from /api/search.
    WebDriverWait(driver, WAIT).until(
        lambda _: driver.find_element(By.ID, "live").text == f"{len(expected)} văn bản phù hợp",
        f"#live never showed {len(expected)}: {driver.find_element(By.ID, 'live').text!r}")
    home = driver.find_element(By.TAG_NAME, "html")
    box.submit()
    WebDriverWait(driver, WAIT).until(ec.staleness_of(home))

    url = urllib.parse.urlsplit(driver.current_url)
    assert url.path == "/search", f"the form went to {driver.current_url}"
    assert urllib.parse.parse_qs(url.query).get("q") == [QUERY], driver.current_url
    assert driver.find_element(By.ID, "q").get_attribute("value") == QUERY
    assert shown_total(driver) == len(expected), \
        f"p#count says {shown_total(driver)}, vnotice search finds {len(expected)}"
    shas = hit_shas(driver)
    assert shas == [hit["sha256"] for hit in expected], \
        f"hits differ from vnotice search:\npage: {shas}\ncli:  {[h['sha256'] for h in expected]}"

    marks = [mark.text for mark in driver.find_elements(By.CSS_SELECTOR, "article.hit mark")]
    assert any(ACCENTED in mark.lower() for mark in marks), \
        f"no highlighted passage holds {ACCENTED!r}: {marks}"
    wait_for_thumbnails(driver)
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(screenshot)), f"cannot save {screenshot}"
    return len(expected)


def check_filter(driver, vnotice, archive, unfiltered):
    results = driver.find_element(By.TAG_NAME, "html")
    Select(driver.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value(TYPE_FILTER)
    # No button pressed: search.js submits the form when a filter is chosen.
    WebDriverWait(driver, WAIT).until(ec.staleness_of(results), "choosing a type did not submit")
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    assert params.get("type") == [TYPE_FILTER], f"the filter is not in {driver.current_url}"
    assert params.get("q") == [QUERY], f"the query was lost: {driver.current_url}"

    expected = cli_hits(vnotice, archive, QUERY, "--type", TYPE_FILTER)
    total = shown_total(driver)
    assert total == len(expected) and 0 < total < unfiltered, \
        f"{TYPE_FILTER}: the page shows {total}, vnotice search {len(expected)}, of {unfiltered}"
    assert hit_shas(driver) == [hit["sha256"] for hit in expected]
    for meta in driver.find_elements(By.CSS_SELECTOR, "article.hit .meta"):
        assert meta.text.startswith(TYPE_FILTER + " ·"), f"a hit of another type: {meta.text!r}"
    chosen = Select(driver.find_element(By.CSS_SELECTOR, "select[name=type]"))
    assert chosen.first_selected_option.get_attribute("value") == TYPE_FILTER
    return total


def check_document(driver, base, archive, docx, odt, downloads):
    sha = hashlib.sha256(docx.read_bytes()).hexdigest()
    links = driver.find_elements(By.CSS_SELECTOR, f"article.hit h3 a[href='/document/{sha}']")
    assert len(links) == 1, f"the notice DOCX ({sha}) is not among the hits"
    links[0].click()
    WebDriverWait(driver, WAIT).until(ec.url_to_be(f"{base}/document/{sha}"))

    fields = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "table#fields tr"):
        cells = row.find_elements(By.CSS_SELECTOR, "th, td")
        if len(cells) >= 2 and cells[0].tag_name == "th":
            fields[cells[0].text] = cells[1].text
    assert fields.get("Số, ký hiệu") == NOTICE_NUMBER, f"table#fields: {fields}"
    assert fields.get("Loại văn bản") == TYPE_FILTER, f"table#fields: {fields}"
    for list_id in ("references", "cited-by"):
        assert driver.find_elements(By.CSS_SELECTOR, f"ul#{list_id} li"), f"ul#{list_id} is empty"

    hrefs = {link.get_attribute("href"): link
             for link in driver.find_elements(By.CSS_SELECTOR, "ul#downloads a")}
    wanted = {f"{base}/file/{sha}/original": ("original", docx),
              f"{base}/file/{sha}/odt": ("odt", odt)}
    assert set(hrefs) == set(wanted), f"ul#downloads links: {sorted(hrefs)}"
    for href, (kind, on_disk) in wanted.items():
        name, blob = stored_blob(archive, sha, kind)
        assert name == on_disk.name, f"the archive names the {kind} file {name!r}"
        got = download(driver, hrefs[href], downloads, name)
        assert got == blob, f"{name}: downloaded {len(got)} bytes differ from the archive's " \
                            f"{len(blob)}"
        assert got == on_disk.read_bytes(), f"{name}: the download differs from {on_disk}"
    return sha


def check_script_shown_as_text(driver, base, xss_sha):
    driver.get(base + "/search?q=" + urllib.parse.quote("script"))
    assert hit_shas(driver) == [xss_sha], f"searching 'script' finds {hit_shas(driver)}"
    for page in (base + "/search?q=script", f"{base}/document/{xss_sha}"):
        driver.get(page)
        assert driver.execute_script("return window.__xss") is None, f"the subject ran on {page}"
        assert "<script>window.__xss=1</script>" in driver.find_element(By.TAG_NAME, "body").text, \
            f"the subject's <script> is not shown as text on {page}"
        scripts = [s.get_attribute("src") for s in driver.find_elements(By.TAG_NAME, "script")]
        assert scripts == [base + "/static/search.js"], f"script elements on {page}: {scripts}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vnotice", type=Path)
    parser.add_argument("source", type=Path, help="the project's source folder")
    parser.add_argument("--screenshot", type=Path, help="save the results page here (PNG)")
    args = parser.parse_args()
    vnotice, source = args.vnotice.resolve(), args.source.resolve()
    screenshot = args.screenshot.resolve() if args.screenshot else None

    with tempfile.TemporaryDirectory(prefix="vnotice-browser-") as temp:
        work = Path(temp)
        downloads = work / "downloads"
        downloads.mkdir()
        archive, docx, odt, xss_sha = build_archive(vnotice, source, work)
        server, port = start_server(vnotice, archive)
        base = f"http://127.0.0.1:{port}"
        driver = None
        passed = False
        try:
            driver = start_browser(work, downloads)
            unfiltered = check_search(driver, base, vnotice, archive, screenshot)
            filtered = check_filter(driver, vnotice, archive, unfiltered)
            sha = check_document(driver, base, archive, docx, odt, downloads)
            check_script_shown_as_text(driver, base, xss_sha)
            passed = True
        finally:
            if driver is not None:
                driver.quit()
            status = stop_server(server)
            errors = server.stderr.read()
        # Checked only after a pass, so that a failure above is the one reported.
        assert status == 0, f"vnotice serve did not stop cleanly on SIGTERM ({status}): {errors}"
        assert passed
    print(f"ServeBrowserTest: '{QUERY}' found {unfiltered} documents, {filtered} of type "
          f"{TYPE_FILTER}; {sha[:12]}… shows {NOTICE_NUMBER}; its DOCX and ODT downloads match the "
          f"archive; the <script> subject is shown as text"
          + (f"; screenshot {screenshot}" if screenshot else ""))


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, TimeoutException) as error:
        print(f"ServeBrowserTest FAILED: {error}", file=sys.stderr)
        sys.exit(1)
