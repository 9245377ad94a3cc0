"""The baseline: a bare PySide6 script that shows an empty QMainWindow and reports its first paint.

It prints ``first-paint <epoch seconds>`` at the window's first Paint event and quits, the
same report the app gives in probe mode (ROLLERLOG_BENCH_PROBE), so both are timed alike.

With ``--text`` the window holds a list of seven words instead of nothing: a second,
informative baseline, since the empty window never draws text and so never loads fonts.
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow


class FirstPaint(QObject):
    """Prints the time of the first Paint event of the watched window, then quits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv)
window = QMainWindow()
if "--text" in sys.argv:
    words = QListWidget()
    words.addItems(["Today", "Sessions", "Rollers", "Sterilization", "Skin", "Settings", "Help"])
    window.setCentralWidget(words)
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
