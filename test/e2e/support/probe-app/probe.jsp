<%@ page contentType="text/plain; charset=UTF-8" session="true" trimDirectiveWhitespaces="true" %>
<%-- Answers with the Tomcat that served the request (its jvmRoute, the suffix Tomcat puts on every
     session id), the session id, and how many requests this session has made. --%>
<%
  Integer count = (Integer) session.getAttribute("count");
  count = count == null ? 1 : count + 1;
  session.setAttribute("count", count);
  String id = session.getId();
  int dot = id.indexOf('.');
  out.print("route=" + (dot < 0 ? "" : id.substring(dot + 1)) + " session=" + id + " count=" + count + "\n");
%>
