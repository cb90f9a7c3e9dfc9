/* movement.c — when a person out for training is late (see movement.h). */
#include "movement.h"
#include <stdio.h>
#include <string.h>

void movement_session_end(const char *date, const char *end_time, char out[17])
{
    snprintf(out, 17, "%.10s %.5s", date ? date : "", end_time ? end_time : "");
}

bool movement_late(const char *session_end, const char *departed_at, const char *returned_at, const char *now_local)
{
    if (!departed_at || !*departed_at || !session_end || !*session_end) return false;
    if (returned_at && *returned_at) return strcmp(returned_at, session_end) > 0;
    return now_local && strcmp(now_local, session_end) > 0;
}

bool movement_time_valid(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':') return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return false;
    int hh = (s[0] - '0') * 10 + (s[1] - '0'), mm = (s[3] - '0') * 10 + (s[4] - '0');
    return hh <= 23 && mm <= 59;
}
