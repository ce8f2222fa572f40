"""The app in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Selenium.

A reader types a question, sees the answer and its source, clicks the source and sees the
quoted line highlighted in the document viewer; staff look up a figure. The page must not
fetch anything from outside the machine.

Set HVK_SCREENSHOTS=docs to also save docs/chat.png, docs/viewer.png, docs/provenance.png.
"""
from __future__ import annotations

import os

# Gradio and huggingface_hub read these at import; set before anything imports them.
import offline  # noqa: F401  (telemetry off before gradio is imported)

import json
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                                reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

VAN_KIEN = "000_b50851294415a046.txt"
LINE_285 = "(13) Đến năm 2030: phần đầu đạt 19 bác sỹ/vạn dân"
WAIT = 60
SHOTS = os.environ.get("HVK_SCREENSHOTS", "")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1440,1000", "--lang=vi",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # An explicit driver path: selenium-manager never looks for (or downloads) one.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def shoot(driver, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        time.sleep(0.5)  # let transitions settle
        driver.save_screenshot(str(Path(SHOTS) / name))


def click(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def requested_hosts(driver) -> set[str]:
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlparse(message["params"]["request"]["url"])
            if url.scheme in ("http", "https", "ws", "wss"):
                hosts.add(url.hostname)
    return hosts


def test_question_answer_source_and_viewer(app_url, browser):
    wait = WebDriverWait(browser, WAIT)
    browser.get(app_url)
    box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "textarea[placeholder^='Nhập câu hỏi']")))
    box.send_keys("chỉ tiêu bác sỹ/vạn dân 2030?", Keys.ENTER)

    card = f"#hvk-sources .hvk-card button.hvk-open[data-file='{VAN_KIEN}']"
    button = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, card)))
    answer = browser.find_elements(By.CSS_SELECTOR, ".message-row, [data-testid='bot']")
    assert any("19" in a.text for a in answer)
    assert "19" in browser.find_element(By.CSS_SELECTOR, "#hvk-sources .hvk-card mark").text
    shoot(browser, "chat.png")

    click(browser, button)
    hit = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".hvk-viewer .hvk-hit mark.hvk-cited")))
    assert hit.text.startswith(LINE_285)
    assert browser.find_element(By.CSS_SELECTOR, ".hvk-hit .hvk-ln").text == "285"
    citation = browser.find_element(By.CSS_SELECTOR, "textarea[data-testid='textbox'][readonly], textarea[disabled]")
    assert "dòng 285" in citation.get_attribute("value")
    browser.execute_script("document.querySelector('.hvk-viewer').scrollIntoView(); window.scrollBy(0, -130);")
    assert hit.is_displayed()
    shoot(browser, "viewer.png")

    assert requested_hosts(browser) <= {"127.0.0.1"}, "the page fetched something from outside the machine"


def test_figure_lookup(app_url, browser):
    wait = WebDriverWait(browser, WAIT)
    browser.get(app_url)
    tab = wait.until(EC.element_to_be_clickable((By.XPATH, "//button[@role='tab'][contains(., 'Tra cứu số liệu')]")))
    tab.click()
    box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "textarea[placeholder^='Số liệu hoặc chỉ tiêu']")))
    box.send_keys("18,02", Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".hvk-table tbody tr")))
    text = browser.find_element(By.CSS_SELECTOR, ".hvk-table").text
    assert "002_59c52569d25bb8c2.txt" in text and "003_ca8570c1181f02a1.txt" in text
    assert wait.until(EC.visibility_of_element_located((By.XPATH, "//button[contains(., 'Tải CSV')]")))

    box.clear()
    box.send_keys("tỷ lệ hộ nghèo", Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "tr.hvk-disagree")))
    shoot(browser, "provenance.png")
    assert requested_hosts(browser) <= {"127.0.0.1"}


def test_library_tab_shows_the_reindex_status(app_url, browser):
    wait = WebDriverWait(browser, WAIT)
    browser.get(app_url)
    tab = wait.until(EC.element_to_be_clickable((By.XPATH, "//button[@role='tab'][contains(., 'Thêm văn bản')]")))
    tab.click()
    wait.until(EC.visibility_of_element_located((By.XPATH, "//button[contains(., 'Thêm vào kho và lập chỉ mục')]")))
    # The status line is filled by the 5-second timer, without a click.
    status = wait.until(EC.visibility_of_element_located((By.XPATH, "//*[contains(text(), 'Chỉ mục đang phục vụ')]")))
    assert "khớp với kho văn bản" in status.text
    shoot(browser, "library.png")
    assert requested_hosts(browser) <= {"127.0.0.1"}
