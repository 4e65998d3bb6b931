/*
 * progress.h - a progress line on a terminal for work that takes more than
 * a second.
 *
 * progress_start names the work; a thread of its own prints nothing for the
 * first second, then "what… N s" on standard error, rewritten in place four
 * times a second, until progress_end wipes it. Only when standard error is a
 * terminal (a log or a pipe gets no carriage returns) and JIPYO_PROGRESS is
 * not 0; JIPYO_PROGRESS=1 shows it on any standard error (tests). The phase
 * may change on the way (progress_phase), so that one line follows a command
 * through its parts without any part counting its rows.
 */
#ifndef JY_PROGRESS_H
#define JY_PROGRESS_H

void progress_start(const char *what);
void progress_phase(const char *what); /* the string must outlive the line */
void progress_end(void);

#endif
