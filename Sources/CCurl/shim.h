#ifndef SWITCHBOARD_CCURL_SHIM_H
#define SWITCHBOARD_CCURL_SHIM_H
#include <curl/curl.h>
#include <sys/prctl.h>
// curl_easy_setopt / getinfo / multi_setopt are variadic macros Swift cannot call;
// these typed wrappers are the only way options reach libcurl.
static inline CURLcode sb_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode sb_easy_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode sb_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode sb_easy_setopt_write(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode sb_easy_setopt_header(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode sb_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode sb_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode sb_easy_getinfo_ptr(CURL *h, CURLINFO i, void *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode sb_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
// The socket interface (curl_multi_socket_action): libcurl says which descriptors to watch
// and when to call it back; an event loop that is not curl's own does the watching.
typedef int (*sb_socket_callback)(CURL *easy, curl_socket_t s, int what, void *clientp, void *socketp);
typedef int (*sb_timer_callback)(CURLM *multi, long timeout_ms, void *clientp);
static inline CURLMcode sb_multi_set_socket_callback(CURLM *m, sb_socket_callback f, void *clientp) {
    CURLMcode rc = curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, f);
    return rc == CURLM_OK ? curl_multi_setopt(m, CURLMOPT_SOCKETDATA, clientp) : rc;
}
static inline CURLMcode sb_multi_set_timer_callback(CURLM *m, sb_timer_callback f, void *clientp) {
    CURLMcode rc = curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, f);
    return rc == CURLM_OK ? curl_multi_setopt(m, CURLMOPT_TIMERDATA, clientp) : rc;
}

// CURLMsg.data is a union Swift imports awkwardly; these read the two fields we need.
static inline int sb_msg_is_done(const CURLMsg *m) { return m->msg == CURLMSG_DONE; }
static inline CURLcode sb_msg_result(const CURLMsg *m) { return m->data.result; }
static inline CURL *sb_msg_easy(const CURLMsg *m) { return m->easy_handle; }

// Whether this libcurl was built with HTTP/2 (nghttp2); when not, asking for 2TLS is harmless
// but the capability is worth reporting.
static inline int sb_has_http2(void) {
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    return v != NULL && (v->features & CURL_VERSION_HTTP2) != 0;
}
// The calling thread's name (prctl is variadic, so Swift cannot call it); `name` of the
// getter holds at least 16 bytes.
static inline void sb_set_thread_name(const char *name) { (void)prctl(PR_SET_NAME, name, 0, 0, 0); }
static inline void sb_get_thread_name(char *name) { (void)prctl(PR_GET_NAME, name, 0, 0, 0); }
#endif
