package dev.hearth.shim.ttrpc;

/**
 * Serves one ttrpc method. Runs on its own virtual thread, so it may block (a task's Wait
 * blocks until the task exits) without holding up other requests on the same connection.
 *
 * @param <Req>  the decoded request message
 * @param <Resp> the response message; must not be null
 */
@FunctionalInterface
public interface Handler<Req, Resp extends com.google.protobuf.Message> {
    /**
     * @throws TtrpcException to answer with that status; any other exception answers INTERNAL
     *                        with its message
     */
    Resp handle(Req request) throws TtrpcException;
}
