"""The GUI in Simplified Chinese: the language choice, Qt's own and the app's translators, and the
translated widgets walked for English left behind (devtools/english_texts.py).

The whole window is walked under zh_CN: every menu and action, the toolbar, the status bar, the
training panel before, during (paused) and after a short run, the settings dialog (with errors on
show), About and Keyboard Shortcuts, both questions the panel asks, and the messages for a bad
weights file and a bad image. Only names (CPU, MNIST, AdamW, ...; devtools.english_texts.ALLOWED)
and the user's own file paths may stay in Latin letters."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.core.inference import DigitReading, NumberReading, Prediction
from desktop_app.core.model_library import (
    ENTRY_NAME,
    FORMAT_VERSION,
    INDEX_FORMAT,
    INDEX_NAME,
    SHIPPED_ID,
    ModelLibrary,
    ModelLibraryError,
)
from desktop_app.core.samples import SampleError, SampleStore
from desktop_app.core.settings import TrainingSettings
from desktop_app.core.texts import translated
from desktop_app.core.training import FitResult
from desktop_app.ui import i18n
from desktop_app.ui import training_messages as messages
from desktop_app.ui.canvas import DrawingCanvas
from desktop_app.ui.image_controller import ImageController
from desktop_app.ui.prediction_view import PredictionPanel
from devtools.english_texts import ALLOWED, english_texts, english_words


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


# --------------------------------------------------------------------------------------------------
# The whole window under zh_CN

#: A run short enough for a unit test that still shows every state of the panel (two epochs).
SMALL_RUN = TrainingSettings(train_subset=512, batch_size=64, epochs=2, device="cpu")
#: The About dialog's licences: names of projects, people and licences.
LICENCE_NAMES = {"CC", "BY", "SA", "Yann", "LeCun", "Corinna", "Cortes", "Christopher", "Burges", "BSD",
                 "Clause", "Qt", "PySide", "LGPL", "MIT", "pyqtgraph", "superqt", "Alpaydin", "Alimoglu"}


def without(text: str, *names) -> str:
    """``text`` without the user's paths and file names (which may hold any letters)."""
    for name in names:
        text = text.replace(str(name), " ")
    return text


def english_left(widget, *paths, allowed=ALLOWED) -> list[tuple[str, str]]:
    """English in ``widget``'s visible texts once the user's paths are taken out (shipped and trained
    weights and the data folder by default)."""
    from desktop_app.core.paths import shipped_weights_path, trained_weights_path, user_data_location

    paths = (*paths, shipped_weights_path(), trained_weights_path(), user_data_location())
    return [(where, text) for where, text in english_texts(widget, allowed)
            if english_words(without(text, *paths), allowed)]


def answer_message_box(qtbot, button, seen: list) -> None:
    """Walk the next modal message box for English into ``seen``, then click its ``button``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        seen.extend(english_texts(box))
        target = box.button(button) if isinstance(button, QMessageBox.StandardButton) else next(
            b for b in box.buttons() if b.text() == button)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


@pytest.fixture
def chinese_window(chinese, qtbot, mnist_train, mnist_test):
    from desktop_app.ui import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.model_ready and main.training_panel is not None, timeout=30_000)
    main.training_panel.set_training_data(mnist_train, mnist_test)
    main.training_dock.show()
    yield main
    main.training_panel.shutdown()


def _menu_texts(menu, allowed) -> list[tuple[str, str]]:
    """English in ``menu``, its submenus and the panels they hold (pyqtgraph's QWidgetActions)."""
    from PySide6.QtWidgets import QWidgetAction

    found = english_texts(menu, allowed)
    for action in menu.actions():
        if action.menu() is not None:
            found += _menu_texts(action.menu(), allowed)
        if isinstance(action, QWidgetAction) and action.defaultWidget() is not None:
            found += english_texts(action.defaultWidget(), allowed)
    return found


def test_the_chart_s_pyqtgraph_menus_are_chinese(chinese, qtbot):
    """pyqtgraph ships no translations: desktop_app/ui/pyqtgraph_texts.py lists its texts for ours."""
    from desktop_app.ui.loss_chart import LossChart

    chart = LossChart()
    qtbot.addWidget(chart)
    view_box = chart.loss_plot.getViewBox()
    assert [action.text() for action in view_box.menu.actions()] == ["显示全部", "X 轴", "Y 轴", "鼠标模式"]
    assert [action.text() for action in chart.plots.scene().contextMenu] == ["导出…"]
    maths = ALLOWED | {"dy", "dx", "FFT"}  # dy/dx, 功率谱（FFT）
    assert _menu_texts(view_box.menu, maths) == []
    assert _menu_texts(chart.loss_plot.ctrlMenu, maths) == []


def test_the_window_s_menus_toolbar_and_status_bar_are_chinese(chinese_window):
    main = chinese_window
    main.models_menu_section.refresh()  # the Model menu lists the library (the shipped model)
    assert [action.text() for action in main.menuBar().actions()] == [
        "文件(&F)", "编辑(&E)", "视图(&V)", "模型(&M)", "训练(&T)", "帮助(&H)"]
    view = [action.text() for action in main.view_menu.actions() if not action.isSeparator()]
    assert view[:2] == ["训练面板(&T)", "工具栏(&B)"] and "语言(&L)" in view and "配色方案(&C)" in view
    assert main.open_action.toolTip() == "从图片文件识别数字（Ctrl+O）"
    assert main.weights_label.text().startswith("自带的权重（")
    assert main.training_dock.windowTitle() == "训练"
    assert english_left(main) == []
    main.language_menu.actions()[1].trigger()  # View > Language > English: kept, said in the status bar
    assert i18n.stored_language() == "en"
    assert main.statusBar().currentMessage().startswith("已保存。")  # DIGIT_STUDIO_LANG still decides


def test_the_training_panel_is_chinese_before_during_and_after_a_run(chinese_window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    main = chinese_window
    panel = main.training_panel
    chart = panel.chart
    assert [chart.loss_plot.getAxis("left").labelText, chart.accuracy_plot.getAxis("bottom").labelText] == [
        "损失", "轮"]
    assert english_words(chart.legend.text()) == []
    assert english_left(panel) == []

    with qtbot.waitSignal(panel.paused_changed, timeout=60_000):  # paused mid-run: every run state on show
        with qtbot.waitSignal(panel.progress_changed, timeout=60_000):
            panel.start_training(SMALL_RUN)
        panel.toggle_pause()
    assert panel.pause_button.text() == "继续"
    assert main.training_actions["trainPause"].text() == "继续训练(&R)"
    assert english_left(main) == []  # the title says "50% 已暂停 — Digit Studio"
    assert "已暂停" in main.windowTitle()
    for text in (main.training_status.bar.text(), panel.epoch_progress.text(), panel.run_progress.text()):
        assert english_words(text) == []

    asked: list = []
    answer_message_box(qtbot, QMessageBox.StandardButton.No, asked)
    assert not main.close()  # the quit-during-a-run question, answered No
    assert asked and asked[0].startswith("正在进行一次训练。") and asked[1:] == []

    with qtbot.waitSignal(panel.run_finished, timeout=60_000) as finished:
        panel.toggle_pause()
    assert finished.args[0].status == "completed"
    qtbot.waitUntil(panel.use_trained_button.isEnabled)
    assert english_left(main) == []
    assert panel.result_banner.isVisible() and english_words(panel.result_banner.text()) == []
    from desktop_app.core.model_library import ModelLibrary

    # A run's name may be its file's, and its id ends in random hex digits ("20261130-042119-bbae").
    names = [word for entry in ModelLibrary().entries() for word in (entry.name, entry.id)]
    assert english_words(without(panel.log.toPlainText(), finished.args[0].weights_path, *names)) == []
    assert english_words(main.statusBar().currentMessage()) == []
    assert main.statusBar().currentMessage().startswith("训练完成")

    answer_message_box(qtbot, "继续上次训练", asked)
    assert panel.ask_about_interrupted_run(1_700_000_000.0) == "resume"
    assert asked[1].startswith("上次训练在完成前被停止") and asked[2:] == []


def test_the_settings_dialog_and_its_errors_are_chinese(chinese_window, qtbot):
    dialog = chinese_window.training_panel.open_settings()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "训练设置"
    assert dialog.architecture_combo.itemText(0).startswith("紧凑 CNN（默认）")
    assert english_texts(dialog) == []
    dialog.epochs_edit.setText("0")
    dialog.learning_rate_edit.setText("")
    dialog.val_ratio_edit.setText("1")
    errors = dialog.errors()
    assert errors["epochs"] == "训练轮数必须是 1 到 1000 之间的整数"
    assert errors["learning_rate"] == "请输入一个数"
    assert errors["val_ratio"].startswith("验证集比例必须")
    assert english_texts(dialog) == []
    dialog.reject()


def test_about_and_keyboard_shortcuts_are_chinese(chinese_window, qtbot, user_data_dir):
    from PySide6.QtWidgets import QLabel

    main = chinese_window
    about = main.show_about()
    qtbot.waitExposed(about)
    folder = about.findChild(QLabel, "aboutDataFolder")
    assert folder.text().startswith("你的模型、检查点和设置保存在")
    assert english_left(about, allowed=ALLOWED | LICENCE_NAMES) == []
    about.close()

    shortcuts = main.show_shortcuts()
    qtbot.waitExposed(shortcuts)
    assert shortcuts.windowTitle() == "键盘快捷键"
    assert english_texts(shortcuts) == []
    table = shortcuts.table
    cells = [table.item(row, column).text() for row in range(table.rowCount()) for column in range(2)]
    assert cells[:2] == ["清除", "Esc, Del"]  # the mnemonic "(&C)" is not part of the name
    assert [cell for cell in cells if english_words(cell, ALLOWED | {"Delete", "Space", "Ins", "PgUp", "PgDown"})] == []
    headers = [table.horizontalHeaderItem(column).text() for column in range(2)]
    assert headers == ["操作", "按键"]
    shortcuts.close()


def test_a_bad_weights_file_and_a_bad_image_are_reported_in_chinese(chinese_window, tmp_path):
    main = chinese_window
    bad_weights = tmp_path / "坏的权重.pt"
    bad_weights.write_bytes(b"not a weights file at all")
    assert not main.use_weights(bad_weights)
    message = main.message()
    assert message.startswith("无法使用这些权重：")
    assert english_words(without(message, bad_weights, bad_weights.name)) == []

    bad_image = tmp_path / "坏的图片.png"
    bad_image.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    assert not main.open_image_file(bad_image)
    message = main.message()
    assert message and english_words(without(message, bad_image, bad_image.name)) == []


def test_the_model_library_views_and_my_handwriting_are_chinese(chinese_window, qtbot, mnist_test):
    """Evaluation (with its galleries' captions and tooltips), the Models table, the comparison and the
    My handwriting dock: no English left once their content has been computed."""
    from desktop_app.core import evaluation_report as er
    from desktop_app.core.paths import shipped_weights_path

    report = er.compute_report(shipped_weights_path(), mnist_test)  # cached: the view opens at once
    er.write_cache(report, er.cache_path(shipped_weights_path(), report.weights_sha256))
    main = chinese_window
    evaluation = main.model_tools.show_evaluation()
    qtbot.waitUntil(lambda: not evaluation.computing and evaluation.report is not None, timeout=120_000)
    assert evaluation.cell_caption.text().startswith("数字 ")
    tooltips = [evaluation.gallery.model().index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
                for row in range(min(3, evaluation.gallery.model().rowCount()))]
    assert tooltips and all(tip.startswith("测试图像 #") for tip in tooltips)
    assert english_left(evaluation) == []
    evaluation.close()

    models = main.model_tools.show_models()
    qtbot.waitExposed(models)
    assert english_left(models) == []
    table = models.table.model()
    headers = [table.headerData(column, Qt.Orientation.Horizontal) for column in range(table.columnCount())]
    assert headers == ["名称", "网络架构", "测试准确率", "手写笔迹准确率", "创建时间"]
    models.close()

    comparison = main.model_tools.show_comparison()
    qtbot.waitExposed(comparison)
    assert english_left(comparison) == []
    comparison.close()

    main.handwriting.dock.show()
    qtbot.waitUntil(main.handwriting.dock.isVisible)
    assert english_left(main.handwriting.dock) == []


def test_model_library_and_sample_zip_errors_reach_the_gui_in_chinese(chinese, tmp_path):
    """The core raises English templates (the CLI prints them); error_text shows the same error in Chinese,
    a reason nested inside a message included, and the library's problem list translates too."""
    library = ModelLibrary(tmp_path / "models")
    with pytest.raises(ModelLibraryError) as refused:
        library.rename(SHIPPED_ID, "mine")
    assert str(refused.value) == "the shipped weights are part of the app and cannot be renamed"
    assert i18n.error_text(refused.value) == "自带的权重是应用的一部分，不能重命名"

    (tmp_path / "models" / "20250101-000000-abcd").mkdir(parents=True)  # a model folder without its entry
    (tmp_path / "models" / INDEX_NAME).write_text(json.dumps(
        {"format": INDEX_FORMAT, "format_version": FORMAT_VERSION, "active": "20250101-000000-dead"}))
    with pytest.raises(ModelLibraryError) as gone:
        library.active_entry()
    assert "cannot be used: there is no model '20250101-000000-dead'. Choose another" in str(gone.value)
    # Only the first clause of the reason, in Chinese too (the advice of the inner message is left out).
    assert i18n.error_text(gone.value) == ("当前模型 '20250101-000000-dead' 无法使用：没有模型 '20250101-000000-dead'。"
                                           "请另选一个（“模型”菜单，或 `digit-studio models use shipped`）")
    [problem] = library.contents().problems
    assert str(problem).endswith(f"not a usable model: it has no {ENTRY_NAME}; the folder was left as it is")
    assert translated(problem).endswith(f"：不是可用的模型：缺少 {ENTRY_NAME}；文件夹保持原样")

    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("../3/escape.json", "{}")
    store = SampleStore(tmp_path / "samples")
    with pytest.raises(SampleError) as escaped:
        store.import_zip(archive)
    assert str(escaped.value) == (f"{archive}: the entry '../3/escape.json' points outside the sample folder; "
                                  "nothing was imported")
    assert i18n.error_text(escaped.value) == f"{archive}：条目 '../3/escape.json' 指向样本文件夹之外；没有导入任何内容"

    with zipfile.ZipFile(archive, "w") as handle:  # a sample whose JSON is damaged: the reason is nested
        handle.writestr("3/20250101-000000-abcd.json", "not json")
        handle.writestr("3/20250101-000000-abcd.png", b"")
    with pytest.raises(SampleError) as damaged:
        store.import_zip(archive)
    assert str(damaged.value).endswith("not a sample (the JSON cannot be read); nothing was imported")
    assert i18n.error_text(damaged.value).endswith("：不是样本（无法读取 JSON）；没有导入任何内容")
    assert not (tmp_path / "samples").exists() or not any((tmp_path / "samples").rglob("*.json"))
