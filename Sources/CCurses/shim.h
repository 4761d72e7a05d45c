// The only C that the workbench sees: ncursesw's wide API plus accessors for what Swift 6
// cannot import (globals, statement macros, NCURSES_BITS attributes) and an async-signal-safe
// flag for SIGINT, SIGTERM and SIGHUP so the UI loop can restore the terminal itself.
#ifndef CCURSES_SHIM_H
#define CCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <string.h>
#include <langinfo.h>
#include <unistd.h>
#include <fcntl.h>
#include <ncursesw/curses.h>

static inline WINDOW *cc_stdscr(void) { return stdscr; }
static inline int cc_lines(void) { return LINES; }
static inline int cc_cols(void) { return COLS; }
static inline int cc_colors(void) { return COLORS; }
static inline int cc_color_pairs(void) { return COLOR_PAIRS; }
static inline void cc_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline attr_t cc_a_bold(void) { return A_BOLD; }
static inline attr_t cc_a_dim(void) { return A_DIM; }
static inline attr_t cc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cc_a_underline(void) { return A_UNDERLINE; }
static inline mmask_t cc_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline mmask_t cc_button1(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }
static inline mmask_t cc_button4(void) { return BUTTON4_PRESSED; }
static inline mmask_t cc_button5(void) { return BUTTON5_PRESSED; }

/// Writes one cell: a wide character with attributes and a colour pair (extended pairs above 255).
static inline int cc_put(int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cc;
    setcchar(&cc, text, attrs, 0, &pair);
    return mvadd_wch(y, x, &cc);
}

static inline void cc_set_escdelay_25(void) { set_escdelay(25); }
static inline const char *cc_codeset(void) { return nl_langinfo(CODESET); }

static volatile sig_atomic_t cc_signal_seen = 0;
static inline void cc_on_signal(int s) { cc_signal_seen = s; }
/// Routes SIGINT, SIGTERM and SIGHUP to a flag the UI loop polls.
static inline void cc_install_signal_flags(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cc_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, 0);
    sigaction(SIGTERM, &sa, 0);
    sigaction(SIGHUP, &sa, 0);
}
/// The real stderr and the capture pipe's read end while the workbench holds fd 2 (-1: not captured).
static int cc_stderr_saved = -1, cc_stderr_pipe = -1;
static inline void cc_keep_stderr(int saved, int pipe_read) { cc_stderr_saved = saved; cc_stderr_pipe = pipe_read; }
/// Puts the real stderr back and copies what is still in the pipe to it (async-signal-safe calls only).
static inline void cc_restore_stderr_now(void) {
    if (cc_stderr_saved < 0) return;
    dup2(cc_stderr_saved, 2);
    fcntl(cc_stderr_pipe, F_SETFL, O_NONBLOCK);
    char b[4096];
    ssize_t n;
    while ((n = read(cc_stderr_pipe, b, sizeof b)) > 0) { if (write(2, b, (size_t)n) < 0) break; }
    cc_stderr_saved = -1;
}
static inline void cc_on_crash(int s) { endwin(); cc_restore_stderr_now(); signal(s, SIG_DFL); raise(s); }
/// On a crash (a failed precondition traps) the terminal is restored before the process dies.
static inline void cc_install_crash_restore(void) {
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], cc_on_crash);
}
/// The last signal seen (0 if none), cleared.
static inline int cc_take_signal(void) { int s = cc_signal_seen; cc_signal_seen = 0; return s; }
/// The next refresh clears the terminal and sends every cell (Ctrl-L).
static inline void cc_clear_on_next_refresh(void) { clearok(curscr, TRUE); }
/// Stops the process as Ctrl-Z would (raw mode turns Ctrl-Z into a key).
static inline void cc_suspend(void) { raise(SIGTSTP); }
#endif
