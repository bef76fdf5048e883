"""The GUI in Simplified Chinese: the language choice, Qt's own and the app's translators, and the
translated widgets walked for English left behind (devtools/english_texts.py).

The whole window is walked once the other panels are translated; these tests cover the widgets
translated so far (prediction panel, number strip, canvas, image messages, training messages)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.core.inference import DigitReading, NumberReading, Prediction
from desktop_app.core.settings import TrainingSettings
from desktop_app.core.training import FitResult
from desktop_app.ui import i18n
from desktop_app.ui import training_messages as messages
from desktop_app.ui.canvas import DrawingCanvas
from desktop_app.ui.image_controller import ImageController
from desktop_app.ui.prediction_view import PredictionPanel
from devtools.english_texts import english_texts, english_words


@pytest.fixture
def chinese(qapp):
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield qapp
    i18n.uninstall(qapp)


def prediction(digit: int, confidence: float) -> Prediction:
    probabilities = np.full(10, (1 - confidence) / 9)
    probabilities[digit] = confidence
    return Prediction(digit, confidence, tuple(probabilities), np.zeros((28, 28), np.float32))


def test_the_environment_beats_the_menu_which_beats_the_system(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    monkeypatch.setattr(i18n, "system_language", lambda: "en")
    assert i18n.choose_language() == "en"
    i18n.store_language("zh_CN")
    assert i18n.choose_language() == "zh_CN"
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    assert i18n.choose_language() == "en"
    monkeypatch.setenv(i18n.LANG_ENV, "zh-CN.UTF-8")
    i18n.store_language(None)
    assert i18n.choose_language() == "zh_CN"


def test_a_language_the_app_does_not_speak_is_reported_and_ignored(monkeypatch, capsys):
    monkeypatch.setenv(i18n.LANG_ENV, "klingon")
    monkeypatch.setattr(i18n, "system_language", lambda: "en")
    assert i18n.choose_language() == "en"
    assert "DIGIT_STUDIO_LANG='klingon' is not a language" in capsys.readouterr().err


def test_qt_and_the_app_speak_chinese_with_chinese_numbers_and_font(chinese, qtbot):
    assert i18n.loaded_catalogues == ["qtbase_zh_CN", "digit_studio_zh_CN"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert sorted(button.text() for button in buttons.buttons()) == sorted(["确定", "取消"])
    assert QLocale().name() == "zh_CN"
    chinese_fonts = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if chinese_fonts:  # the README names the package that provides one (fonts-noto-cjk)
        assert chinese.font().family() in chinese_fonts


def test_english_comes_back_after_uninstall(qapp, qtbot):
    i18n.install(qapp, "zh_CN")
    i18n.uninstall(qapp)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.buttons()[0].text() == "Cancel"
    assert messages.epochs(1) == "1 epoch"


def test_the_prediction_panel_has_no_english_left(chinese, qtbot):
    panel = PredictionPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert english_texts(panel) == []  # "loading"
    panel.show_prediction(prediction(7, 0.98))
    assert panel.caption_label.text() == "置信度 98%"
    assert english_texts(panel) == []
    panel.show_prediction(prediction(4, 0.45))
    assert panel.caption_label.text().startswith("不确定：4 还是")
    several = NumberReading((DigitReading(prediction(2, 0.9), (0, 0, 10, 10)),
                             DigitReading(prediction(9, 0.4), (20, 0, 10, 10))))
    panel.show_reading(several)
    assert panel.number_view.number_label.text() == "29"
    assert panel.number_view.digit_buttons()[1].toolTip().startswith("不确定")
    assert english_texts(panel) == []
    panel.show_no_model()
    assert english_texts(panel) == []


def test_the_walk_finds_english_when_it_is_there(qapp, qtbot):
    i18n.install(qapp, "en")
    try:
        panel = PredictionPanel()
        qtbot.addWidget(panel)
        panel.show()
        found = [text for _, text in english_texts(panel)]
        assert "Prediction" in found and "Loading model…" in found
    finally:
        i18n.uninstall(qapp)
    assert english_words("CPU, CUDA, MNIST, ONNX, PyTorch, AdamW: 98%") == []


def test_the_canvas_and_its_messages_are_chinese(chinese, qtbot, tmp_path):
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    assert canvas.hint_text() == "在这里写一个数字\n或拖入一张图片"
    assert english_words(canvas.accessibleDescription()) == []
    images = ImageController(canvas)
    with qtbot.waitSignal(images.failed) as failed:
        images.open_file(tmp_path / "missing.png")
    assert failed.args[0].endswith("：找不到文件")  # the core's ImageLoadError, in the GUI's language
    QApplication.clipboard().clear()
    with qtbot.waitSignal(images.failed) as failed:
        images.paste()
    assert english_words(failed.args[0]) == []


def test_the_training_messages_are_chinese(chinese):
    assert messages.idle_status(TrainingSettings()) == "就绪。下次训练：快速（默认），8 轮，设备 auto。"
    assert messages.duration(187) == "3 分 07 秒"
    stopped = FitResult("stopped", 1, {"batch_loss": [1.0] * 801})
    assert english_words(messages.stopped_line(stopped)) == []
    assert messages.outcome(stopped) == "已停止"


def test_the_language_menu_keeps_the_choice_for_the_next_start(chinese, qtbot, monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    menu = i18n.build_language_menu()
    qtbot.addWidget(menu)
    names = [action.text() for action in menu.actions()]
    assert names == ["跟随系统语言", "English", "简体中文"]
    assert menu.title() == "语言(&L)"
    assert [action.isChecked() for action in menu.actions()] == [True, False, False]  # nothing stored yet
    with qtbot.waitSignal(menu.language_chosen) as chosen:
        menu.actions()[2].trigger()
    assert chosen.args == ["zh_CN", "下次启动 Digit Studio 时切换语言。"]
    assert i18n.stored_language() == "zh_CN"
    assert english_texts(menu) == []
    again = i18n.build_language_menu()
    qtbot.addWidget(again)
    assert [action.isChecked() for action in again.actions()] == [False, False, True]
    again.actions()[0].trigger()
    assert i18n.stored_language() is None


def test_the_core_s_training_advice_reaches_the_panel_in_chinese(chinese, qtbot, monkeypatch, mnist_train, mnist_test):
    from desktop_app.core import training
    from desktop_app.ui.training_panel import TrainingPanel

    monkeypatch.setattr(training, "NOT_LEARNING_AFTER_SAMPLES", 256)
    panel = TrainingPanel(train_data=mnist_train, test_data=mnist_test)
    qtbot.addWidget(panel)
    settings = TrainingSettings(train_subset=1024, batch_size=64, epochs=1, device="cpu", learning_rate=10.0,
                                optimizer="sgd", momentum=0.9, lr_schedule="constant")
    try:
        with qtbot.waitSignal(panel.run_finished, timeout=60_000) as finished:
            panel.start_training(settings)
    finally:
        panel.shutdown()
    failure = finished.args[0].failure
    assert failure.kind == "not_learning"
    assert failure.message.startswith("The run is not learning")  # the CLI's and the log's English
    banner = panel.error_banner.text()
    assert banner.startswith("这次训练没有在学习：") and "请降低学习率（当前为 10）" in banner
    assert english_words(banner) == []
