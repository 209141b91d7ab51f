package io.brainseg.serve;

import com.google.gson.JsonObject;

/**
 * A refusal or failure as an RFC 9457 problem document ({@code application/problem+json}).
 *
 * <p>{@code type} is a stable slug under {@value #TYPE_PREFIX} a client can switch on (for
 * example {@code body-too-large}, {@code zip-path-traversal}); {@code detail} says, for a human,
 * which value broke which limit.
 *
 * @param status the HTTP status
 * @param slug the problem type's last segment
 * @param title a short summary that does not change between occurrences
 * @param detail this occurrence, naming the offending value
 */
record Problem(int status, String slug, String title, String detail) {

    /** The prefix of every problem type URI. */
    static final String TYPE_PREFIX = "urn:brainseg:problem:";

    /** The media type of a problem document. */
    static final String MEDIA_TYPE = "application/problem+json";

    /**
     * Returns the document.
     *
     * @param instance the request path
     * @param requestId the request id, echoed so a log line can be found
     * @return the JSON object
     */
    JsonObject toJson(String instance, String requestId) {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE_PREFIX + slug);
        o.addProperty("title", title);
        o.addProperty("status", status);
        o.addProperty("detail", detail);
        o.addProperty("instance", instance);
        if (requestId != null) {
            o.addProperty("requestId", requestId);
        }
        return o;
    }
}
