/* testrules.h — the built-in rule files in the unit tests. TEST_BUILTIN_RULES(name,
 * T, KIND, FROM_JSON, DATE) defines `static T name(void)`: the rule file of KIND in
 * force on DATE ("YYYY-MM-DD") read by FROM_JSON(json, T *, err_t *); the test fails
 * when there is none or it does not read. Include after cmocka.h. */
#ifndef BEKAL_TESTRULES_H
#define BEKAL_TESTRULES_H

#include "core/rulefile.h"
#include "testdate.h"

#define TEST_BUILTIN_RULES(name, T, KIND, FROM_JSON, DATE)                                                             \
    static T name(void)                                                                                                \
    {                                                                                                                  \
        T r_;                                                                                                          \
        err_t e_;                                                                                                      \
        err_clear(&e_);                                                                                                \
        json_t *j_ = rulefile_in_force(KIND, D(DATE), NULL);                                                           \
        assert_non_null(j_);                                                                                           \
        assert_int_equal(FROM_JSON(j_, &r_, &e_), 0);                                                                  \
        json_decref(j_);                                                                                               \
        return r_;                                                                                                     \
    }

#endif
