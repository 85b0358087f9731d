package de.kommunalpakt.forum.reusemodel;

/**
 * A contact for municipalities.
 *
 * @param name person or office
 * @param role function or organisation
 * @param email e-mail address
 * @param phone telephone number (optional)
 */
public record Contact(String name, String role, String email, String phone) {

	public Contact {
		name = (name != null) ? name : "";
		role = (role != null) ? role : "";
		email = (email != null) ? email : "";
		phone = (phone != null) ? phone : "";
	}

}
